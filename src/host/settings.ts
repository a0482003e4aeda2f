/** The extension's settings (`rnnLab.*`), read with their defaults and checked. */
import * as vscode from 'vscode';
import { resolveLanguage, type Lang, type LanguageSetting } from '../explain';
import type { BackendSetting } from '../protocol/messages';

export const SECTION = 'rnnLab';

export interface Settings {
  backend: BackendSetting;
  runsFolder: string;
  hoverEnabled: boolean;
  hoverCodeLanguages: string[];
  explanationLanguage: LanguageSetting;
}

export const DEFAULT_SETTINGS: Settings = {
  backend: 'auto',
  runsFolder: '.rnnlab/runs',
  hoverEnabled: true,
  hoverCodeLanguages: ['python', 'typescript', 'javascript'],
  explanationLanguage: 'auto',
};

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const languages = config.get<unknown>('hover.codeLanguages');
  const runsFolder = config.get<unknown>('runsFolder');
  return {
    backend: oneOf(config.get('backend'), ['auto', 'webgl', 'wasm', 'cpu'], 'auto'),
    runsFolder:
      typeof runsFolder === 'string' && runsFolder.trim() !== ''
        ? runsFolder.trim()
        : DEFAULT_SETTINGS.runsFolder,
    hoverEnabled: config.get<boolean>('hover.enabled') !== false,
    hoverCodeLanguages: Array.isArray(languages)
      ? languages.filter((l): l is string => typeof l === 'string')
      : DEFAULT_SETTINGS.hoverCodeLanguages,
    explanationLanguage: oneOf(config.get('explanationLanguage'), ['auto', 'en', 'ko'], 'auto'),
  };
}

/** The language of explanations and messages: the setting, else VS Code's display language. */
export function explanationLang(): Lang {
  return resolveLanguage(vscode.env.language, readSettings().explanationLanguage);
}
