/**
 * What the inspector exports: every value of an inspection as one CSV table, and a PNG button
 * on each heatmap's caption.
 */
import type { Inspection, LayerTrace } from '../../../src/engine/inspectSequence';
import { canvasesToPng, toCsv, type SaveFile } from './chartExport';
import { button } from '../../common/dom';
import { kindTitle } from './stateKinds';
import { layerKinds } from './stateHeatmaps';
import type { ViewText } from './viewText';

/** One row per value: part, layer, kind, step, token, unit. */
export function inspectionCsv(inspection: Inspection): string {
  const rows: (string | number)[][] = [];
  const add = (part: string, layer: LayerTrace, tokens: readonly string[]): void => {
    for (const kind of layerKinds(layer)) {
      const values =
        kind === 'h'
          ? layer.h
          : kind === 'c'
            ? layer.c
            : layer.gates[kind as keyof LayerTrace['gates']];
      values?.forEach((row, t) =>
        row.forEach((v, u) =>
          rows.push([
            part,
            layer.label,
            kind,
            kindTitle(kind, 'en'),
            t + 1,
            tokens[t] ?? '',
            u + 1,
            v,
          ]),
        ),
      );
    }
  };
  for (const layer of inspection.layers) add('encoder', layer, inspection.inputTokens);
  for (const layer of inspection.seq2seq?.decoder ?? [])
    add('decoder', layer, inspection.seq2seq?.decoderInputs ?? []);
  return toCsv(['part', 'layer', 'kind', 'name', 'step', 'token', 'unit', 'value'], rows);
}

export interface PngExport {
  text: ViewText;
  save: SaveFile;
  /** The file name's start (the spec's). */
  stem(): string;
  onError(message: string): void;
}

/** A PNG button on a figure's caption that saves `canvases` as one picture. */
export function addPngButton(
  figure: HTMLElement,
  canvases: HTMLCanvasElement[],
  name: string,
  to: PngExport,
): void {
  const caption = figure.querySelector('figcaption');
  if (!caption) return;
  const title = caption.querySelector('.lab-heatmap-title')?.textContent ?? name;
  const png = button(
    '',
    {
      icon: 'device-camera',
      class: 'lab-button lab-button-icon',
      title: to.text.exportAs('PNG'),
    },
    () => {
      canvasesToPng(canvases, title)
        .then((bytes) => to.save(`${to.stem()}-${name.replace(/\s+/g, '')}.png`, 'png', bytes))
        .catch((error: unknown) =>
          to.onError(to.text.exportFailed(String((error as Error)?.message ?? error))),
        );
    },
  );
  png.setAttribute('aria-label', `${to.text.exportAs('PNG')}: ${title}`);
  png.dataset.export = 'png';
  caption.appendChild(png);
}
