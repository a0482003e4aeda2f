/** Where an export's weights come from: the spec's seeded start, or a trained run's checkpoint. */
import type { FinalMetrics } from '../../engine/trainEvents';

export type WeightsSource =
  { kind: 'initial' } | { kind: 'run'; run: string; epoch: number; metrics?: FinalMetrics };
