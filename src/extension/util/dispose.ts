import type * as vscode from 'vscode';

/** Disposes each of `disposables` in the order they were added, and empties the list. */
export function disposeAll(disposables: vscode.Disposable[]): void {
  for (const d of disposables.splice(0)) d.dispose();
}

/**
 * A class that owns listeners, emitters and other disposables: it keeps them with
 * {@link Disposable._register} and disposes them all, once, in {@link Disposable.dispose}.
 * After the fact, whatever is registered is disposed at once.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean { return this.disposed; }

  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.disposables.push(value);
    return value;
  }

  protected _registerAll(...values: vscode.Disposable[]): void {
    for (const value of values) this._register(value);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.disposables);
  }
}
