// Parses every Adaptive Card template under a cards/ folder with Microsoft's `adaptivecards` library
// (the renderer Teams-like hosts use) and reports every parse event and validation failure.
// A template `<name>.json` with a sibling `<name>.data.json` is first expanded with
// `adaptivecards-templating` (our binder implements a subset of it); without sample data the raw
// template is parsed with `$data`/`$when` removed and `${...}` strings left as text.
// With --bound the folder holds cards the bot's own binder already filled in (every `.json` is a finished card):
// nothing is expanded and any `${...}` left is a problem.
// With --actions-only just the actions are judged (title, verb, url): for cards bound with part of their data missing.
// Usage: node check-cards.cjs <cards folder> [--bound] [--actions-only]. One problem per line; exit 0 = all clean.
'use strict';
const fs = require('fs');
const path = require('path');
const AC = require('adaptivecards/dist/adaptivecards.js'); // the lib/ entry is untranspiled ESM
const ACData = require('adaptivecards-templating');

const MAX_VERSION = 1.5; // Teams renders Adaptive Cards up to 1.5

const root = process.argv[2];
const bound = process.argv.includes('--bound');
const actionsOnly = process.argv.includes('--actions-only');
if (!root) {
  console.error('usage: node check-cards.cjs <cards folder> [--bound]');
  process.exit(2);
}

function templatesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return templatesUnder(full);
    return entry.name.endsWith('.json') && !entry.name.endsWith('.data.json') ? [full] : [];
  });
}

function stripTemplating(node) {
  if (Array.isArray(node)) return node.map(stripTemplating);
  if (node && typeof node === 'object') {
    const copy = {};
    for (const [key, value] of Object.entries(node)) {
      if (key !== '$data' && key !== '$when') copy[key] = stripTemplating(value);
    }
    return copy;
  }
  return node;
}

function parseVersion(text) {
  const m = /^(\d+)\.(\d+)$/.exec(String(text));
  return m ? Number(m[1]) + Number(m[2]) / 10 : NaN;
}

// Walks the expanded card JSON for problems the library accepts silently but Teams does not.
function walk(node, where, problems, withData) {
  if (Array.isArray(node)) { node.forEach((n, i) => walk(n, `${where}[${i}]`, problems, withData)); return; }
  if (!node || typeof node !== 'object') {
    if (withData && typeof node === 'string' && node.includes('${')) problems.push(`${where}: unresolved binding ${JSON.stringify(node)} (sample data lacks it)`);
    return;
  }
  const type = node.type;
  if (type === 'AdaptiveCard') {
    const v = parseVersion(node.version);
    if (Number.isNaN(v)) problems.push(`${where}.version: missing or not "major.minor" (${JSON.stringify(node.version)})`);
    else if (v > MAX_VERSION) problems.push(`${where}.version: ${node.version} is above ${MAX_VERSION}, Teams' limit`);
  }
  if (type === 'TextBlock' && (node.text === undefined || node.text === null)) problems.push(`${where}: TextBlock without text`);
  if (type === 'Image' && !node.url) problems.push(`${where}: Image without url`);
  if (type === 'Action.Execute' && !String(node.verb ?? '').trim()) problems.push(`${where}: Action.Execute without verb`);
  if (type === 'Action.OpenUrl' && !String(node.url ?? '').trim()) problems.push(`${where}: Action.OpenUrl without url`);
  if (type === 'Action.Submit' && node.data !== undefined && (typeof node.data !== 'object' || Array.isArray(node.data))) {
    problems.push(`${where}: Action.Submit data must be an object (Teams merges the inputs into it)`);
  }
  // A card's refresh action (Universal Actions) is never shown as a button.
  const isRefresh = where.endsWith('.refresh.action');
  if (typeof type === 'string' && type.startsWith('Action.') && !isRefresh && !String(node.title ?? '').trim() && !node.iconUrl) {
    problems.push(`${where}: ${type} without title`);
  }
  for (const [key, value] of Object.entries(node)) walk(value, `${where}.${key}`, problems, withData);
}

let total = 0;
const templates = templatesUnder(root).sort();
for (const file of templates) {
  const name = path.relative(root, file).split(path.sep).join('/');
  let problems = [];
  let json;
  let withData = false;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
    const dataFile = file.replace(/\.json$/, '.data.json');
    if (bound) {
      withData = true;
    } else if (fs.existsSync(dataFile)) {
      const data = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
      json = new ACData.Template(json).expand({ $root: data });
      withData = true;
    } else {
      json = stripTemplating(json);
    }
  } catch (e) {
    problems.push(`not valid JSON or template: ${e.message}`);
  }
  if (json) {
    if (json.type !== 'AdaptiveCard') problems.push(`type is ${JSON.stringify(json.type)}, expected "AdaptiveCard"`);
    const card = new AC.AdaptiveCard();
    const context = new AC.SerializationContext();
    context.targetVersion = AC.Versions.v1_5;
    try {
      card.parse(json, context);
      for (let i = 0; i < context.eventCount; i++) {
        const e = context.getEventAt(i);
        // Raw templates keep "${...}" where a typed value will be bound; the library can't judge those.
        if (!withData && /\$\{/.test(e.message)) continue;
        problems.push(`parse: ${AC.ValidationEvent[e.event]}: ${e.message}`);
      }
      for (const e of card.validateProperties().validationEvents) {
        problems.push(`validate: ${AC.ValidationEvent[e.event]}: ${e.message}`);
      }
    } catch (e) {
      problems.push(`parse threw: ${e.message}`);
    }
    walk(json, '$', problems, withData);
  }
  if (actionsOnly) problems = problems.filter(p => / Action\.\w+ without /.test(p));
  for (const p of problems) console.log(`${name}: ${p}`);
  const how = bound ? ' (bound card)' : withData ? ' (with sample data)' : ' (raw template)';
  console.log(`${name}: ${problems.length === 0 ? 'ok' : problems.length + ' problem(s)'}${how}`);
  total += problems.length;
}
console.log(`${templates.length} template(s), ${total} problem(s)`);
process.exit(total === 0 ? 0 : 1);
