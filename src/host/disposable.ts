/**
 * What the host's long-lived objects are built on, as in vscode-hexeditor and the extension
 * samples: a `Disposable` that owns what it `_register`s and frees it, newest first, when it is
 * disposed; and a `DisposableStore` for things owned for a while (one panel's listeners), cleared
 * and refilled without disposing the owner.
 */
import type * as vscode from 'vscode';

/** Disposables held together; `clear` frees them and keeps the store usable. */
export class DisposableStore implements vscode.Disposable {
  private items: vscode.Disposable[] = [];
  private disposed = false;

  /** Takes ownership of `item` (freed at once when the store is already disposed). */
  add<T extends vscode.Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  /** Frees everything held, newest first; the store takes new items afterwards. */
  clear(): void {
    const items = this.items.reverse();
    this.items = [];
    for (const item of items) item.dispose();
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }
}

export abstract class Disposable implements vscode.Disposable {
  private readonly owned = new DisposableStore();

  /** Owns `item` until this object is disposed; returns it, for `this.x = this._register(…)`. */
  protected _register<T extends vscode.Disposable>(item: T): T {
    return this.owned.add(item);
  }

  dispose(): void {
    this.owned.dispose();
  }
}
