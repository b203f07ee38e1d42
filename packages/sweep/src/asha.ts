import { mulberry32 } from '@l0prune/core';
import type { AshaSearch, Objective } from './define-sweep.js';
import { type ParameterSpace, type ParameterValue, samplePoint } from './parameters.js';
import { isOpen, type PlannedTrial, type Planner, rankBy, type SweepState } from './planner.js';
import { trialId } from './trial-id.js';

/** Budgets min, min·η, min·η², … and max last (rounded when the base budget is an integer). */
export function rungBudgets(budget: AshaSearch['budget'], reduction: number, integer: boolean): number[] {
  const budgets: number[] = [];
  for (let b = budget.min; b < budget.max * (1 - 1e-9); b *= reduction) budgets.push(integer ? Math.round(b) : b);
  budgets.push(budget.max);
  return [...new Set(budgets)];
}

/**
 * ASHA (Li et al., "A System for Massively Parallel Hyperparameter Tuning", 2020, Algorithm 2):
 * promote from the highest rung where a configuration is in the top 1/η of its rung's finished
 * trials and not yet promoted; otherwise start a new configuration at the lowest rung. Its state
 * is the journal, so a resumed sweep makes the same decisions.
 */
export function ashaPlanner(
  space: ParameterSpace,
  search: AshaSearch,
  objective: Objective,
  integerBudget: boolean,
): Planner {
  const eta = search.reduction ?? 3;
  const budgets = rungBudgets(search.budget, eta, integerBudget);
  const random = mulberry32(search.seed);
  const points = Array.from({ length: search.trials }, () => samplePoint(space, random));
  const trial = (config: number, rung: number): PlannedTrial => {
    const params: Record<string, ParameterValue> = { ...points[config]!, [search.budget.parameter]: budgets[rung]! };
    return { id: trialId(params), params, rung };
  };
  const all = budgets.map((_, rung) => points.map((_, config) => trial(config, rung)));
  const rank = rankBy(objective);
  const total = budgets.reduce((sum, _, rung) => sum + Math.max(1, Math.floor(search.trials / eta ** rung)), 0);

  return {
    // The synchronous count: promoted asynchronously, a configuration that enters a rung's top 1/η late is promoted
    // too (Algorithm 2), so a sweep can run a few more.
    total: Math.min(total, search.trials * budgets.length),
    estimated: true,
    next(state: SweepState) {
      // A trial an interrupted run started comes first: it may resume from its checkpoint.
      const interrupted = all.flat().find((t) => state.started.has(t.id) && isOpen(state, t.id));
      if (interrupted) return interrupted;
      const planned = (t: PlannedTrial) => state.started.has(t.id) || state.running.has(t.id) || state.failed.has(t.id);
      for (let rung = budgets.length - 2; rung >= 0; rung--) {
        const done = all[rung]!.filter((t) => state.finished.has(t.id));
        done.sort((a, b) => rank(state.finished.get(a.id)!, state.finished.get(b.id)!));
        const top = done.slice(0, Math.floor(done.length / eta));
        const promotion = top.map((t) => all[rung + 1]![all[rung]!.indexOf(t)]!).find((t) => !planned(t));
        if (promotion) return promotion;
      }
      return all[0]!.find((t) => !planned(t));
    },
  };
}
