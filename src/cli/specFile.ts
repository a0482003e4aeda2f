/**
 * Reads a spec file for a CLI command: validates it, loads its data files from the workspace
 * (the current directory), and reports every problem as `FILE:LINE:COL PATH: message`.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { formatProblem, type Problem } from '../spec/problems';
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { SweepPlan } from '../spec/sweepGrid';
import { checkSpecAndData } from '../tasks/checkSpecAndData';
import type { LoadedData } from '../tasks/loadedData';
import { CliError, EXIT, type CliIO } from './command';
import { createWorkspaceReader } from './workspaceFiles';

export interface CheckedSpec {
  spec: ResolvedSpec;
  /** The spec's `sweep`, when it has one. */
  sweep?: SweepPlan;
  data: LoadedData;
  specPath: string;
  /** Warnings only (errors throw). */
  problems: Problem[];
}

export interface SpecCheckResult {
  specPath: string;
  problems: Problem[];
  checked?: CheckedSpec;
}

/** Validates one spec and its data; never throws for bad input, returns the problems. */
export async function checkSpecFile(file: string, io: CliIO): Promise<SpecCheckResult> {
  const specPath = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(specPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'this is a folder, not a spec file'
          : `cannot be read (${code ?? 'unknown error'})`;
    return {
      specPath,
      problems: [
        { path: '', message: reason, severity: 'error', line: 1, column: 1, offset: 0, length: 0 },
      ],
    };
  }
  const check = await checkSpecAndData(text, createWorkspaceReader(specPath, io.cwd));
  const result: SpecCheckResult = { specPath, problems: check.problems };
  if (check.spec && check.data) {
    result.checked = {
      spec: check.spec,
      ...(check.sweep ? { sweep: check.sweep } : {}),
      data: check.data,
      specPath,
      problems: check.problems,
    };
  }
  return result;
}

/** How a command names a file in messages: relative to the workspace when inside it. */
export function displayPath(io: CliIO, absolute: string): string {
  const relative = path.relative(io.cwd, absolute);
  return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
}

export function formatProblems(io: CliIO, specPath: string, problems: readonly Problem[]): string {
  return problems.map((p) => formatProblem(displayPath(io, specPath), p)).join('\n');
}

/** For commands that need a valid spec: prints warnings, throws `CliError` listing every error. */
export async function loadCheckedSpec(file: string, io: CliIO): Promise<CheckedSpec> {
  const result = await checkSpecFile(file, io);
  if (!result.checked) {
    throw new CliError(formatProblems(io, result.specPath, result.problems), EXIT.usage);
  }
  if (result.problems.length > 0)
    io.stderr(`${formatProblems(io, result.specPath, result.problems)}\n`);
  return result.checked;
}
