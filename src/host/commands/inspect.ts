/**
 * `rnnLab.inspect`: the lab's step inspector on an input (asked for, or given by a CodeLens),
 * checked against the task's vocabulary first.
 */
import * as vscode from 'vscode';
import { checkInputs, inputSideOf } from '../../tasks';
import { text, type CommandFactory } from './hostContext';
import { labReady, trustedCheckedSpec } from './specForCommand';

export const inspect: CommandFactory = (ctx) => async (arg?: unknown, inputArg?: unknown) => {
  const checked = await trustedCheckedSpec(ctx, arg);
  if (!checked) return;
  const t = text();
  const problemOf = (value: string): string | undefined => {
    try {
      const side = inputSideOf(checked.spec, checked.check.data);
      return checkInputs(side, [value])[0]?.message;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
  let input = typeof inputArg === 'string' ? inputArg : undefined;
  if (input === undefined) {
    input = await vscode.window.showInputBox({
      title: t.inspectPrompt,
      prompt: t.inspectPrompt,
      placeHolder: t.inspectPlaceholder,
      value: checked.spec.inspect.inputs[0] ?? '',
      validateInput: (value) => problemOf(value),
    });
    if (input === undefined) return;
  } else {
    const problem = problemOf(input);
    if (problem) {
      void vscode.window.showErrorMessage(problem);
      return;
    }
  }
  if (!(await labReady(ctx, checked.uri))) return;
  ctx.lab.post({ type: 'inspect', input });
};
