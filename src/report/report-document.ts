/**
 * The report document `plan`, `apply` and `rollback` print with `--json` and write with
 * `--report FILE.json`: `esa-patch/report@1`. Its JSON Schema is `schema.ts`.
 */
import type { FileReport, WrittenFile } from './model.js';
import type { Recipe } from '../recipes/recipe.js';
import type { PlanGroup } from './groups.js';

/** The value of the report's `schema` field. */
export const REPORT_SCHEMA_ID = 'esa-patch/report@1';

/** The report document of `plan`, `apply` and `rollback` (`--json`, `--report`). */
export interface ReportDocument {
  schema: typeof REPORT_SCHEMA_ID;
  /** `esa-patch 0.1.0`. */
  tool: string;
  /** `0.1.0`. */
  toolVersion?: string;
  /** When the run happened (ISO 8601, UTC). */
  generatedAt?: string;
  /** `--change-id`: the change's id in the team's change process. */
  changeId?: string;
  command: 'plan' | 'apply' | 'rollback';
  /** The recipe of the run, as planned (inventory entries may name their own; each file's artefact records its recipe). */
  recipe?: Recipe;
  /** Reports written by the run (`--report`, `--html` are not listed in themselves). */
  written?: WrittenFile[];
  /** The exit code of the run: the worst over the files. */
  exitCode: number;
  files: FileReport[];
  groups: PlanGroup[];
}
