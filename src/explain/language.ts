import type { Lang } from './termIds';

/** The `rnnlab.explainLanguage`-style setting: follow the editor, or force a language. */
export type LanguageSetting = 'auto' | Lang;

/**
 * The language to explain in. `displayLanguage` is VS Code's `vscode.env.language` (`en`, `ko`,
 * `ko-KR`, `zh-cn`, …) or a browser/CLI locale (`ko_KR.UTF-8`); Korean in any region is `ko`,
 * everything else is `en`. An explicit `en`/`ko` override wins.
 */
export function resolveLanguage(displayLanguage: string, override: LanguageSetting = 'auto'): Lang {
  if (override === 'en' || override === 'ko') return override;
  // `ko` alone or followed by a region/encoding separator; not `kok` (Konkani) and the like.
  return /^\s*ko(?:$|[-_.@])/i.test(displayLanguage) ? 'ko' : 'en';
}
