/**
 * Parse and validate a spec's text: every problem found, each with its JSON path, line and
 * column, in words that say what to write instead. Structure comes from the schema (Ajv);
 * what a schema cannot say (contradictions, memory) from `crossChecks.ts`; a `sweep`'s points
 * are each validated the same way (`sweepChecks.ts`). Data files are checked by
 * `src/tasks/loadTaskData.ts`, which needs a file reader.
 *
 * Ajv compiles validators with `new Function`, so this runs in the extension host and the CLI,
 * not inside a webview with a strict CSP; webviews receive specs that were validated here.
 */
import Ajv, { type ErrorObject } from 'ajv';
import {
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import { crossCheck, type ValidateOptions } from './crossChecks';
import { tooDeep, tooDeepMessage } from './jsonDepth';
import { closest, describeActual, describeExpected } from './describeSchema';
import { LineIndex } from './lineIndex';
import { locateProblems, type LocatedPathProblem } from './locateProblems';
import { joinPath, type Problem } from './problems';
import { resolveSpec, type ResolvedSpec } from './resolveSpec';
import { SpecSchema, type Spec } from './specSchema';
import { sweepProblems, unknownAxisMessage } from './sweepChecks';
import { UNSWEEPABLE } from './sweepSchema';
import { sweepPlanOf, type SweepPlan } from './sweepGrid';

export interface SpecValidation {
  /** Present when there is no error (warnings allowed). */
  spec?: ResolvedSpec;
  /** The spec as written, when it parsed and matched the schema. */
  raw?: Spec;
  /** The spec's `sweep`, when it has one and no error. */
  sweep?: SweepPlan;
  problems: Problem[];
  /** The syntax tree, for callers that map more problems (data files) onto the text. */
  tree?: Node;
  lines: LineIndex;
}

let compiled: ReturnType<Ajv['compile']> | undefined;

function schemaValidator(): ReturnType<Ajv['compile']> {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTuples: false });
    // Editor-only keywords VS Code reads from the schema; Ajv must know them to stay strict.
    ajv.addVocabulary(['markdownDescription', 'enumDescriptions', 'patternErrorMessage']);
    compiled = ajv.compile(SpecSchema);
  }
  return compiled;
}

const PARSE_HINTS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'this is not a valid number',
  PropertyNameExpected: 'a field name in double quotes was expected here',
  ValueExpected: 'a value was expected here',
  ColonExpected: 'a ":" was expected after the field name',
  CommaExpected: 'a "," was expected between items',
  CloseBraceExpected: 'a closing "}" is missing',
  CloseBracketExpected: 'a closing "]" is missing',
  EndOfFileExpected: 'extra text after the end of the spec',
  InvalidCommentToken: 'this comment is not closed',
  UnexpectedEndOfComment: 'this comment is not closed',
  UnexpectedEndOfString: 'this string is not closed (a missing closing quote)',
  UnexpectedEndOfNumber: 'this number ends too early',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character in a string',
  InvalidCharacter: 'invalid character in a string',
};

function parseProblem(error: ParseError, lines: LineIndex): Problem {
  const code = printParseErrorCode(error.error);
  const { line, column } = lines.position(error.offset);
  return {
    path: '',
    message: `malformed JSON: ${PARSE_HINTS[code] ?? code}`,
    severity: 'error',
    line,
    column,
    offset: error.offset,
    length: Math.max(1, error.length),
  };
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let value: unknown = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** Ajv paths are JSON pointers (`/model/hidden`); ours read `model.hidden`. */
function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function schemaProblems(data: unknown, errors: readonly ErrorObject[]): LocatedPathProblem[] {
  const problems: LocatedPathProblem[] = [];
  // An error inside an `anyOf` branch is noise once the `anyOf` itself is reported.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  const reported = new Set<string>();
  for (const error of errors) {
    const segments = pointerToPath(error.instancePath);
    if (error.keyword !== 'anyOf' && anyOfPaths.some((p) => error.instancePath.startsWith(p)))
      continue;
    if (error.keyword === 'required') {
      const field = (error.params as { missingProperty: string }).missingProperty;
      const path = joinPath([...segments, field]);
      problems.push({
        path: joinPath(segments),
        message: `missing required field "${field}"${path.includes('.') ? ` (${path})` : ''}`,
      });
      continue;
    }
    if (error.keyword === 'additionalProperties') {
      const field = (error.params as { additionalProperty: string }).additionalProperty;
      const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const known = Object.keys(parent?.properties ?? {}).filter((k) => k !== '$schema');
      const guess = closest(field, known);
      const sweepAxis = joinPath(segments) === 'sweep.over';
      problems.push({
        path: joinPath([...segments, field]),
        anchor: 'key',
        ...(guess && !(sweepAxis && UNSWEEPABLE[field])
          ? { replacement: JSON.stringify(guess) }
          : {}),
        message: sweepAxis
          ? unknownAxisMessage(field, guess)
          : `unknown field "${field}"` +
            (guess ? ` (did you mean "${guess}"?)` : `; known fields: ${known.join(', ')}`),
      });
      continue;
    }
    // One message per value: "must be <expected> (got <actual>)", whatever keyword failed.
    const path = joinPath(segments);
    if (reported.has(path)) continue;
    reported.add(path);
    const schema = (error.parentSchema ?? {}) as Parameters<typeof describeExpected>[0];
    const actual = valueAt(data, segments);
    let message = `must be ${describeExpected(schema)} (got ${describeActual(actual)})`;
    let replacement: string | undefined;
    if (schema.enum && typeof actual === 'string') {
      const guess = closest(actual, schema.enum.map(String));
      if (guess) {
        message += `; did you mean "${guess}"?`;
        replacement = JSON.stringify(guess);
      }
    }
    problems.push({ path, message, ...(replacement !== undefined ? { replacement } : {}) });
  }
  return problems;
}

/** The errors of one sweep point's spec (as written), by the same schema and cross checks. */
function pointErrors(raw: Spec, options: ValidateOptions): LocatedPathProblem[] {
  const validate = schemaValidator();
  if (!validate(raw)) return schemaProblems(raw, validate.errors ?? []);
  return crossCheck(raw, resolveSpec(raw), options).filter(
    (p) => (p.severity ?? 'error') === 'error',
  );
}

/**
 * Validates a spec's text. Comments and trailing commas are allowed (the file is JSONC, like
 * VS Code's own settings), since `New Task Spec…` writes commented specs.
 */
export function validateSpecText(text: string, options: ValidateOptions = {}): SpecValidation {
  const lines = new LineIndex(text);
  if (text.trim() === '') {
    const problem: Problem = {
      path: '',
      message: 'the file is empty: a spec is a JSON object { … }',
      severity: 'error',
      line: 1,
      column: 1,
      offset: 0,
      length: 0,
    };
    return { problems: [problem], lines };
  }
  // Before any recursive parse: thousands of levels would overflow the stack.
  const deep = tooDeep(text);
  if (deep) {
    const { line, column } = lines.position(deep.offset);
    const problem: Problem = {
      path: '',
      message: tooDeepMessage(),
      severity: 'error',
      line,
      column,
      offset: deep.offset,
      length: deep.length,
    };
    return { problems: [problem], lines };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !tree) {
    // The parser can report the same spot twice (e.g. two unclosed objects at end of file).
    const problems = errors
      .map((e) => parseProblem(e, lines))
      .filter(
        (p, i, all) => all.findIndex((q) => q.offset === p.offset && q.message === p.message) === i,
      );
    if (problems.length === 0) {
      problems.push({
        path: '',
        message: 'the file is empty: a spec is a JSON object { … }',
        severity: 'error',
        line: 1,
        column: 1,
        offset: 0,
        length: 1,
      });
    }
    return { problems, lines };
  }
  const data: unknown = getNodeValue(tree);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      problems: locateProblems(tree, lines, [
        { path: '', message: 'a spec must be a JSON object { … }' },
      ]),
      tree,
      lines,
    };
  }
  const validate = schemaValidator();
  if (!validate(data)) {
    return {
      problems: locateProblems(tree, lines, schemaProblems(data, validate.errors ?? [])),
      tree,
      lines,
    };
  }
  const raw = data as Spec;
  const resolved = resolveSpec(raw);
  const found = crossCheck(raw, resolved, options);
  const plan = sweepPlanOf(raw);
  if (plan && !found.some((p) => (p.severity ?? 'error') === 'error')) {
    found.push(...sweepProblems(plan, (point) => pointErrors(point, options)));
  }
  const problems = locateProblems(tree, lines, found);
  const result: SpecValidation = { raw, problems, tree, lines };
  if (!problems.some((p) => p.severity === 'error')) {
    result.spec = resolved;
    if (plan) result.sweep = plan;
  }
  return result;
}
