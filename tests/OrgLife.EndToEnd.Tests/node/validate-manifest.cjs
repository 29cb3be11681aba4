// Validates an unpacked Teams app package folder (manifest.json + localization files) against
// Microsoft's JSON schemas shipped in @microsoft/app-manifest — offline, no schema download.
// Usage: node validate-manifest.cjs <folder>. Prints one problem per line; exit 0 = valid.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv04 = require('ajv-draft-04');
const addFormats = require('ajv-formats');

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node validate-manifest.cjs <unpacked package folder>');
  process.exit(2);
}
const schemasRoot = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
const problems = [];

function readJson(file) {
  // Teams rejects a BOM; JSON.parse would too, so report it precisely.
  const text = fs.readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) problems.push(`${path.basename(file)}: starts with a byte-order mark`);
  return JSON.parse(text.replace(/^\uFEFF/, ''));
}

function validator(schemaFile) {
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false }) // Microsoft's patterns are not valid under the u flag;
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
}

function check(name, validate, data) {
  if (!validate(data)) {
    for (const e of validate.errors) problems.push(`${name}${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}`);
  }
}

const manifest = readJson(path.join(folder, 'manifest.json'));
const version = manifest.manifestVersion;
const versionDir = path.join(schemasRoot, version === 'devPreview' ? 'vDevPreview' : `v${version}`);
if (!fs.existsSync(versionDir)) {
  problems.push(`manifest.json: no schema for manifestVersion ${JSON.stringify(version)} in @microsoft/app-manifest`);
} else {
  check('manifest.json', validator(path.join(versionDir, 'MicrosoftTeams.schema.json')), manifest);
  const expectedSchema = `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`;
  if (manifest.$schema !== expectedSchema) problems.push(`manifest.json/$schema: expected ${expectedSchema}`);

  const languages = (manifest.localizationInfo && manifest.localizationInfo.additionalLanguages) || [];
  const locSchema = path.join(versionDir, 'MicrosoftTeams.Localization.schema.json');
  const validateLoc = fs.existsSync(locSchema) ? validator(locSchema) : null;
  for (const lang of languages) {
    const file = path.join(folder, lang.file);
    if (!fs.existsSync(file)) { problems.push(`${lang.file}: listed in localizationInfo but missing from the package`); continue; }
    const loc = readJson(file);
    if (validateLoc) check(lang.file, validateLoc, loc);
    // Every localized key must address a string that exists in the manifest.
    for (const key of Object.keys(loc)) {
      if (key === '$schema' || key === 'localizationKeys') continue;
      const value = key.split(/\.|\[(\d+)\]/).filter(s => s !== undefined && s !== '')
        .reduce((node, part) => (node == null ? undefined : node[/^\d+$/.test(part) ? Number(part) : part]), manifest);
      if (typeof value !== 'string') problems.push(`${lang.file}: key ${key} does not address a string in manifest.json`);
    }
  }
}
for (const icon of Object.values(manifest.icons || {})) {
  if (!fs.existsSync(path.join(folder, icon))) problems.push(`icons: ${icon} missing from the package`);
}
for (const p of problems) console.log(p);
console.log(problems.length === 0 ? `manifest ${version}: valid` : `manifest ${version}: ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
