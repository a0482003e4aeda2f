/**
 * The walkthrough in both languages (issue 14): every step is in the manifest twice, English and
 * Korean, shown by complementary `when` clauses on the explanation language; the two halves and
 * their Markdown pages say the same things (same examples, commands, code, numbers), so one
 * language cannot drift from the other unnoticed.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Step {
  id: string;
  title: string;
  description: string;
  when?: string;
  media: { markdown?: string };
  completionEvents?: string[];
}
interface Manifest {
  activationEvents: string[];
  contributes: {
    walkthroughs: { id: string; title: string; description: string; steps: Step[] }[];
    viewsWelcome: { view: string; contents: string; when?: string }[];
  };
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

const STEP_IDS = ['rnn', 'vanishing', 'lstm', 'gru', 'seq2seq', 'bottleneck', 'attention'];
const HANGUL = /[\uAC00-\uD7A3]/;

/**
 * A `when` clause of the forms the manifest uses (`a == 'x'`, `a != 'x'`, `&&` before `||`),
 * evaluated on a context; anything else fails the test rather than being guessed.
 */
function evaluate(when: string, context: Record<string, string | undefined>): boolean {
  return when.split('||').some((conjunction) =>
    conjunction.split('&&').every((term) => {
      const match = /^\s*([\w.]+)\s*(==|!=)\s*'([^']*)'\s*$/.exec(term);
      assert.ok(match, `unexpected when term: ${term}`);
      const [, key = '', op, value] = match;
      return op === '==' ? context[key] === value : context[key] !== value;
    }),
  );
}

/** The language a context shows: the setting, else the key the extension sets (none before it ran). */
function expected(setting: string, key: string | undefined): 'en' | 'ko' {
  if (setting === 'en' || setting === 'ko') return setting;
  return key === 'ko' ? 'ko' : 'en';
}

const commandLinks = (text: string) =>
  [...text.matchAll(/\]\((command:[^)\s]+)\)/g)].map((m) => m[1]);

/** What two pages of one step must share: code, code spans, numbers, links, headings. */
function facts(markdown: string) {
  const fences = [...markdown.matchAll(/```[\s\S]*?```/g)].map((m) => m[0]);
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  return {
    fences,
    spans: [...new Set([...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]))].sort(),
    numbers: [...prose.matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]).sort(),
    links: [...markdown.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]),
    headings: [...markdown.matchAll(/^#+ /gm)].length,
  };
}

describe('walkthrough in the explanation language', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.ok(walkthrough);
  const en = walkthrough.steps.filter((s) => !s.id.endsWith('-ko'));
  const ko = walkthrough.steps.filter((s) => s.id.endsWith('-ko'));

  it('has the study note’s path once in English and once in Korean', () => {
    assert.equal(manifest.contributes.walkthroughs.length, 1);
    assert.deepEqual(
      en.map((s) => s.id),
      STEP_IDS,
    );
    assert.deepEqual(
      ko.map((s) => s.id),
      STEP_IDS.map((id) => `${id}-ko`),
    );
    assert.ok(manifest.activationEvents.includes(`onWalkthrough:${walkthrough.id}`));
  });

  it('shows exactly one language for every setting and display language, the right one', () => {
    const [enWhen] = new Set(en.map((s) => s.when));
    const [koWhen] = new Set(ko.map((s) => s.when));
    assert.equal(new Set(en.map((s) => s.when)).size, 1);
    assert.equal(new Set(ko.map((s) => s.when)).size, 1);
    assert.ok(enWhen && koWhen);
    for (const setting of ['auto', 'en', 'ko']) {
      for (const key of [undefined, 'en', 'ko']) {
        const context = { 'config.rnnLab.explanationLanguage': setting, 'rnnLab.lang': key };
        const shown: Record<'en' | 'ko', boolean> = {
          en: evaluate(enWhen, context),
          ko: evaluate(koWhen, context),
        };
        assert.notEqual(shown.en, shown.ko, `one language for ${JSON.stringify(context)}`);
        assert.equal(shown.ko ? 'ko' : 'en', expected(setting, key), JSON.stringify(context));
      }
    }
    // The view's welcome text links to the walkthrough in the same two languages.
    const welcome = manifest.contributes.viewsWelcome.filter((w) => w.view === 'rnnLab.specs');
    assert.deepEqual(
      welcome.map((w) => w.when),
      [enWhen, koWhen],
    );
    const [enWelcome, koWelcome] = welcome.map((w) => w.contents);
    assert.ok(enWelcome && koWelcome && HANGUL.test(koWelcome) && !HANGUL.test(enWelcome));
    assert.deepEqual(commandLinks(koWelcome), commandLinks(enWelcome));
    assert.ok(
      commandLinks(enWelcome).some((link) =>
        decodeURIComponent(link ?? '').endsWith(`#${walkthrough.id}"`),
      ),
    );
  });

  for (const [index, id] of STEP_IDS.entries()) {
    it(`${id}: the two languages offer the same example, commands and page facts`, () => {
      const english = en[index];
      const korean = ko[index];
      assert.ok(english && korean);
      assert.ok(!HANGUL.test(english.title + english.description), `${id} en is English`);
      assert.ok(HANGUL.test(korean.title) && HANGUL.test(korean.description), `${id} ko`);
      assert.deepEqual(korean.completionEvents, english.completionEvents);
      const links = commandLinks(english.description);
      assert.deepEqual(commandLinks(korean.description), links);
      const examples = links
        .filter((l) => l?.startsWith('command:rnnLab.openExample?'))
        .map((l) => (JSON.parse(decodeURIComponent(l?.split('?')[1] ?? '')) as string[])[0]);
      assert.equal(examples.length, 1, `${id} opens one example`);
      assert.ok(existsSync(join(root, 'examples', examples[0] ?? '')), `${id}: ${examples[0]}`);
      assert.ok(
        links.some((l) => !l?.startsWith('command:rnnLab.openExample')),
        `${id} command`,
      );

      const enPage = english.media.markdown ?? '';
      const koPage = korean.media.markdown ?? '';
      assert.match(enPage, /^media\/walkthrough\/\d\d-[a-z0-9]+\.md$/);
      assert.equal(koPage, enPage.replace(/\.md$/, '.ko.md'));
      const enText = readFileSync(join(root, enPage), 'utf8');
      const koText = readFileSync(join(root, koPage), 'utf8');
      assert.ok(HANGUL.test(koText) && !HANGUL.test(enText));
      assert.deepEqual(facts(koText), facts(enText), `${koPage} says what ${enPage} says`);
    });
  }
});
