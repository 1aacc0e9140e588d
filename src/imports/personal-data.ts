/**
 * No personal data: loan records describe loans, never borrowers. Whatever reaches the service —
 * an official file (`npm run import`) or a bank's report through the API — passes through the
 * same detector, which refuses values that look like a person's identity or contact: names,
 * resident identity card numbers, mobile and landline phone numbers, e-mail addresses. It looks
 * inside values too (`LN-13812345678` is refused), since a reference built from a phone number
 * is still a phone number. It never quotes what it found: the report must not repeat it.
 *
 * Deliberately strict where a false alarm costs a renamed reference and a miss costs a leak;
 * the rules and their limits are in README.md ("Report loans").
 */
import type { ColumnType } from "./columns.js";

/** GB 11643 check digit of the first 17 digits of a resident identity card number. */
function idCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return "10X98765432"[sum % 11]!;
}

function isBirthDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && date.getTime() <= Date.now();
}

/** First two digits of an identity number: the province-level division that issued it (GB/T 2260). */
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91]);

/** 18-digit numbers (the last may be X): province, birth date and check digit must all hold. */
const ID18 = /(?<![0-9])(\d{2})\d{4}(\d{4})(\d{2})(\d{2})\d{3}[0-9Xx](?![0-9A-Za-z])/g;
/** 15-digit numbers issued before 1999: province and birth date (19YYMMDD) must hold; there is no check digit. */
const ID15 = /(?<![0-9])(\d{2})\d{4}(\d{2})(\d{2})(\d{2})\d{3}(?![0-9])/g;

function looksLikeIdNumber(text: string): boolean {
  for (const m of text.matchAll(ID18)) {
    const digits = m[0].toUpperCase();
    if (PROVINCES.has(Number(m[1])) && isBirthDate(Number(m[2]), Number(m[3]), Number(m[4])) && idCheckDigit(digits) === digits[17]) return true;
  }
  for (const m of text.matchAll(ID15)) {
    if (PROVINCES.has(Number(m[1])) && isBirthDate(1900 + Number(m[2]), Number(m[3]), Number(m[4]))) return true;
  }
  return false;
}

/** A mainland mobile number, 1[3-9] and nine more digits, with or without +86 and separators. */
const MOBILE = /(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![0-9])/;
/** A landline with its area code marked as one: `0471-6912345`, `(0471)6912345`, `0471 6912345`. */
const LANDLINE = /(?<![0-9])(?:\(0\d{2,3}\)[ -]?|0\d{2,3}[ -])[2-9]\d{6,7}(?![0-9])/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/;

/**
 * Common Chinese surnames (over 80 % of the population) and the first characters of common
 * Mongolian given names, which Inner Mongolia's borrowers often carry without a surname.
 */
const NAME_START = new Set(
  [..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝",
   ..."巴乌斯额宝其阿敖那图娜苏格达朝布哈德吉特伊萨"],
);
/** Two to four Chinese characters, the first a surname (or a Mongolian name's start): a name. */
const HAN_RUN = /[\u3400-\u9fff]{2,4}/g;

const SURNAMES_PINYIN = new Set(
  "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai du ye cheng su wei lv lu ding ren shen yao cui zhong tan wan fan jin shi liao jia xia fu fang bai zou meng xiong qin qiu yin xue yan duan lei hou long tao mao hao gong shao qian kong xiang ouyang situ shangguan zhuge murong bao ba".split(" "),
);
/** One pinyin syllable (without tones): an optional initial and a final. */
const SYLLABLE = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|iao|ian|uai|uan|ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v)";
const GIVEN_NAME = new RegExp(`^(?:${SYLLABLE}){1,3}$`);

/** A value made of letters only that reads as a pinyin name, surname first: `ZhangWei`, `wang_fang`, `LI-NA`. */
function looksLikePinyinName(text: string): boolean {
  if (!/^[A-Za-z][A-Za-z ._-]{1,30}$/.test(text)) return false;
  const letters = text.toLowerCase().replace(/[ ._-]/g, "");
  // A pinyin surname the value starts with, followed by one to three syllables (the given name).
  for (const surname of SURNAMES_PINYIN) {
    if (letters.startsWith(surname) && letters.length > surname.length && GIVEN_NAME.test(letters.slice(surname.length))) return true;
  }
  return false;
}

/**
 * What personal data `text` looks like, as a phrase for a report (`"a mobile phone number"`),
 * or null when it looks like none.
 */
export function personalDataIn(text: string): string | null {
  if (EMAIL.test(text)) return "an e-mail address";
  if (looksLikeIdNumber(text)) return "a resident identity card number";
  if (MOBILE.test(text)) return "a mobile phone number";
  if (LANDLINE.test(text)) return "a landline phone number";
  for (const m of text.matchAll(HAN_RUN)) if (NAME_START.has(m[0][0]!)) return "a person's name";
  if (looksLikePinyinName(text)) return "a person's name (in pinyin)";
  return null;
}

/**
 * What contact or identity data `text` holds (e-mail, ID card number, phone), or null. For the
 * columns that may carry a person's public name (a mentor, a lecturer, a model entrepreneur)
 * and nothing more: the name is published, the rest never is.
 */
export function contactDataIn(text: string): string | null {
  if (EMAIL.test(text)) return "an e-mail address";
  if (looksLikeIdNumber(text)) return "a resident identity card number";
  if (MOBILE.test(text)) return "a mobile phone number";
  if (LANDLINE.test(text)) return "a landline phone number";
  return null;
}

/** Error code of a value refused as personal data (the API's userErrors carry it). */
export const PERSONAL_DATA = "PERSONAL_DATA";

/**
 * A column that refuses personal data before its own type looks at the value, so that a
 * reference like `zhang.wei@163.com` is reported as an e-mail address, not as a malformed code.
 */
export function noPersonalData(type: ColumnType): ColumnType {
  return {
    describe: `${type.describe}; no personal data`,
    parse(raw) {
      if (typeof raw === "string") {
        const found = personalDataIn(raw);
        if (found) return { ok: false, error: `looks like ${found}: loan records carry no personal data (no names, ID card, phone numbers or e-mail addresses); use the bank's own loan reference`, code: PERSONAL_DATA };
      }
      return type.parse(raw);
    },
  };
}

/**
 * A column that may hold a public name or a field of expertise but no contact or identity data:
 * the service system publishes mentors, lecturers and model entrepreneurs by name and field only.
 */
export function noContactData(type: ColumnType): ColumnType {
  return {
    describe: `${type.describe}; a public name or field only (no ID card, phone numbers or e-mail addresses)`,
    parse(raw) {
      if (typeof raw === "string") {
        const found = contactDataIn(raw);
        if (found) return { ok: false, error: `looks like ${found}: the service system publishes a public name and a field, never contact or identity data`, code: PERSONAL_DATA };
      }
      return type.parse(raw);
    },
  };
}
