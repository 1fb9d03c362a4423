#!/usr/bin/env node
// Part of `npm run build`, after tsc: the ajv validators of the recipe and artefact schemas as
// standalone code (dist/validators/*.cjs), compiled from the built schemas with the options the
// run-time compile uses, so that the CLI compiles no schema at start-up (src/cli/validators.ts
// loads them; without them each schema is compiled on first use, as under tsx).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const { RECIPE_JSON_SCHEMA } = await import(join(dist, 'recipes', 'schema.js'));
const { RECIPE_AJV_OPTIONS } = await import(join(dist, 'recipes', 'validate.js'));
const { ARTEFACT_JSON_SCHEMA } = await import(join(dist, 'patch', 'artefact-json-schema.js'));
const { ARTEFACT_AJV_OPTIONS, ARTEFACT_ALL_ERRORS_AJV_OPTIONS } = await import(join(dist, 'patch', 'artefact-schema.js'));

const Ajv = Ajv2020.default ?? Ajv2020;
const standalone = standaloneCode.default ?? standaloneCode;
mkdirSync(join(dist, 'validators'), { recursive: true });
for (const [name, schema, options] of [
  ['recipe', RECIPE_JSON_SCHEMA, RECIPE_AJV_OPTIONS],
  ['artefact', ARTEFACT_JSON_SCHEMA, ARTEFACT_AJV_OPTIONS],
  ['artefact-all-errors', ARTEFACT_JSON_SCHEMA, ARTEFACT_ALL_ERRORS_AJV_OPTIONS],
]) {
  const ajv = new Ajv({ ...options, code: { ...options.code, source: true } });
  writeFileSync(join(dist, 'validators', `${name}.cjs`), standalone(ajv, ajv.compile(schema)));
}
