/**
 * Where the CodeLenses of a spec go: Train / Open Lab / Compare cells above the spec's opening
 * brace, Run sweep above its `sweep` key (when it has one), and Inspect above each
 * `inspect.inputs` entry. Found with `jsonc-parser` (comments and
 * trailing commas allowed, as in the validator); free of `vscode`.
 */
import { findNodeAtLocation, parseTree, type ParseError } from 'jsonc-parser';
import { tooDeep } from '../spec/jsonDepth';
import { LineIndex } from '../spec/lineIndex';

export type SpecLensKind = 'train' | 'openLab' | 'compare' | 'sweep' | 'inspect';

export interface SpecLensPosition {
  kind: SpecLensKind;
  /** 0-based line and character of the range the lens sits above. */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  /** For `inspect`: the sequence and its index in `inspect.inputs`. */
  input?: string;
  index?: number;
}

export function findSpecLenses(text: string): SpecLensPosition[] {
  const errors: ParseError[] = [];
  // The parser recurses per level: a text nested thousands deep gets the top lenses only.
  const tree = tooDeep(text)
    ? undefined
    : parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const lines = new LineIndex(text);
  // A spec broken beyond parsing still gets its lenses at the top: Train then reports why not.
  const rootOffset = tree?.type === 'object' ? tree.offset : 0;
  const top = lines.editorPosition(rootOffset);
  const lenses: SpecLensPosition[] = (['train', 'openLab', 'compare'] as const).map((kind) => ({
    kind,
    line: top.line,
    character: top.character,
    endLine: top.line,
    endCharacter: top.character + (tree?.type === 'object' ? 1 : 0),
  }));
  const sweep = tree ? findNodeAtLocation(tree, ['sweep']) : undefined;
  const sweepKey = sweep?.parent?.children?.[0];
  if (sweep?.type === 'object' && sweepKey) {
    const from = lines.editorPosition(sweepKey.offset);
    const to = lines.editorPosition(sweepKey.offset + sweepKey.length);
    lenses.push({
      kind: 'sweep',
      line: from.line,
      character: from.character,
      endLine: to.line,
      endCharacter: to.character,
    });
  }
  const inputs = tree ? findNodeAtLocation(tree, ['inspect', 'inputs']) : undefined;
  if (inputs?.type === 'array') {
    (inputs.children ?? []).forEach((node, index) => {
      if (node.type !== 'string' || typeof node.value !== 'string') return;
      const from = lines.editorPosition(node.offset);
      const to = lines.editorPosition(node.offset + node.length);
      lenses.push({
        kind: 'inspect',
        line: from.line,
        character: from.character,
        endLine: to.line,
        endCharacter: to.character,
        input: node.value,
        index,
      });
    });
  }
  return lenses;
}
