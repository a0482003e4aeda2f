/**
 * How deeply a JSON text nests, found with `jsonc-parser`'s scanner (a loop over tokens, no
 * recursion), before anything parses it recursively: the tree parser, `getNodeValue` and Ajv all
 * recurse once per level, and a few thousand levels overflow the stack ("Maximum call stack size
 * exceeded") instead of giving a message. A spec nests a handful of levels; anything past
 * `MAX_JSON_DEPTH` is bad input, reported at the bracket that went too deep.
 */
import { createScanner, type SyntaxKind } from 'jsonc-parser';

/**
 * The scanner's token kinds we look at. `SyntaxKind` is a `const enum`, which isolated modules
 * (esbuild, tsx) cannot read, so its values are spelled out here (jsonc-parser 3).
 */
const TOKEN = {
  openBrace: 1 as SyntaxKind.OpenBraceToken,
  closeBrace: 2 as SyntaxKind.CloseBraceToken,
  openBracket: 3 as SyntaxKind.OpenBracketToken,
  closeBracket: 4 as SyntaxKind.CloseBracketToken,
  eof: 17 as SyntaxKind.EOF,
};

/** Far more than any spec needs (they nest 4 levels), far less than what overflows the stack. */
export const MAX_JSON_DEPTH = 64;

/** Where the text first nests deeper than `limit`, or undefined when it never does. */
export function tooDeep(
  text: string,
  limit = MAX_JSON_DEPTH,
): { offset: number; length: number } | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let token = scanner.scan(); token !== TOKEN.eof; token = scanner.scan()) {
    if (token === TOKEN.openBrace || token === TOKEN.openBracket) {
      depth++;
      if (depth > limit) return { offset: scanner.getTokenOffset(), length: 1 };
    } else if (token === TOKEN.closeBrace || token === TOKEN.closeBracket) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** The message for a text that nests too deeply. */
export function tooDeepMessage(limit = MAX_JSON_DEPTH): string {
  return (
    `the JSON nests more than ${limit} levels deep here (a spec needs a few): ` +
    'look for brackets or braces that are opened but never closed'
  );
}
