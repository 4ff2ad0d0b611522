import type { Design } from './designs.js';

/** One measured figure and the target an issue set for it. */
interface Figure {
  name: string;
  value: number;
  unit: string;
  target: number;
  /** Whether the target is a ceiling (latency, memory) or a floor (throughput). */
  atLeast: boolean;
}

/** This tree's figures, which decide the exit code; a baseline's are printed only. */
const figures: Figure[] = [];
const met = (f: Figure) => (f.atLeast ? f.value >= f.target : f.value <= f.target);

/** Prints a figure against its target; this tree's figures count towards the verdict. */
export function report(name: string, value: number, unit: string, target: number, atLeast = false, design?: Design): void {
  const figure = { name, value, unit, target, atLeast };
  const counted = design === undefined || design.current;
  if (counted) figures.push(figure);
  const bound = `${atLeast ? '≥' : '≤'} ${target} ${unit}`;
  const label = design ? `[${design.label}] ${name}` : name;
  const verdict = met(figure) ? 'ok' : counted ? 'MISSED' : 'missed';
  console.log(`${label.padEnd(76)} ${value.toFixed(1).padStart(9)} ${unit.padEnd(4)} (target ${bound}) ${verdict}`);
}

/** A figure worth seeing that has no target. */
export function info(name: string, value: number, unit: string, design?: Design): void {
  const label = design ? `[${design.label}] ${name}` : name;
  console.log(`${label.padEnd(76)} ${value.toFixed(1).padStart(9)} ${unit.padEnd(4)} (no target)`);
}

/** How many of this tree's figures missed their target. */
export function missedTargets(): number {
  return figures.filter((f) => !met(f)).length;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
