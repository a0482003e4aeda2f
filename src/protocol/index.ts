/**
 * The typed protocol between the extension host and its webviews (the lab panel, the side-bar
 * training view). Free of `vscode`, Node and the DOM: the webview pages import it as it is.
 */
export * from './messages';
export * from './payload';
export {
  Requester,
  RequestFailedError,
  RequestTimeoutError,
  ReadyGate,
  answer,
  errorReply,
  isReply,
  okReply,
  type RequestBody,
  type RequestOptions,
} from './requests';
export { isHostToWebview, isPayload, isRunId, isWebviewToHost } from './guards';
