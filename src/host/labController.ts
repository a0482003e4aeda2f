/**
 * What the commands need from the lab, whatever shows it: open it beside a spec, post typed
 * protocol messages, ask and await replies, hear what it sends. `LabPanel` implements it with a
 * webview panel; tests can implement it without one.
 */
import type * as vscode from 'vscode';
import type {
  HostRequestReplies,
  HostToWebview,
  RequestBody,
  RequestOptions,
  WebviewToHost,
} from '../protocol';

export interface LabOpenOptions {
  /** The spec to load; without it the lab keeps the one it has (or the last spec seen). */
  spec?: vscode.Uri;
  /** Keep the keyboard in the editor. */
  preserveFocus?: boolean;
  /** A run of the workspace to show instead of the spec's newest. */
  runId?: string;
}

export interface LabController {
  readonly isOpen: boolean;
  /** Whether the page has said `ready` (messages posted before wait in order). */
  readonly isReady: boolean;
  /** The spec the lab shows. */
  readonly specUri: vscode.Uri | undefined;
  /**
   * Opens the panel beside the spec (or reveals it) and loads the spec with its newest run;
   * false when the user chose to keep the lab training on the spec it shows.
   */
  open(options?: LabOpenOptions): Promise<boolean>;
  /** Resolves true once the page is ready, false on timeout, cancellation or when it closes. */
  whenReady(timeoutMs: number, token?: vscode.CancellationToken): Promise<boolean>;
  /** Posts a message; held until the page is ready. */
  post(message: HostToWebview): void;
  /** Posts a request and resolves with the page's reply. */
  request<B extends RequestBody<HostToWebview>>(
    body: B,
    options?: RequestOptions,
  ): Promise<HostRequestReplies[B['type']]>;
  /** Messages from the page (replies excluded: `request` consumes them). */
  readonly onDidReceiveMessage: vscode.Event<WebviewToHost>;
  /** The panel was closed. */
  readonly onDidClose: vscode.Event<void>;
}
