/* paper-catalog: the search worker behind Material's search box.

   Material's own worker downloads the whole search index on every page view and builds a
   lunr index from it (100 MB and more than a minute at 100,000 papers). This one speaks the
   same messages (SETUP 0, READY 1, QUERY 2, RESULT 3) and answers from the index that
   generator/shards.py splits by word: a query fetches the shards of its words and the few
   documents it shows, nothing else, and nothing before the reader types.

   Ranking is Material's: every query word is a prefix (trailing wildcard) that expands to
   the index terms starting with it; a page scores the sum of its precomputed lunr weights
   over those terms divided by the query vector's length, times 1 + (1 + f)^2 where f is the
   share of query words it matched (sections: f alone). Words under three characters match
   whole words only: "co" does not fetch every term from "co" to "cozy". A word that
   expands to no term may be a typo: it stands for the nearest terms (see corrections).

   Results are the best MAX_RESULTS pages, grouped with their sections as Material groups
   them. Texts in the index are HTML-escaped already; <mark> is added around the words that
   matched. */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const MAX_RESULTS = 20;
const MIN_PREFIX = 3;
// A query waits this long for the next keystroke before fetching: typing "attention" then
// fetches the shard of "attention", not those of "att", "atte", "atten"...
const SETTLE_MS = 120;
// lunr's English stop words: a query word that is one does not count as missing
const STOP_WORDS = new Set(("a able about across after all almost also am among an and any " +
  "are as at be because been but by can cannot could dear did do does either else ever every " +
  "for from get got had has have he her hers him his how however i if in into is it its just " +
  "least let like likely may me might most must my neither no nor not of off often on only or " +
  "other our own rather said say says she should since so some than that the their them then " +
  "there these they this tis to too twas us wants was we were what when where which while who " +
  "whom why will with would yet you your").split(" "));

const base = new URL("../search/", self.location.href);
let config = null;
let separator = /[\s\-]+/;
let meta = null;             // shards.json: starts, documents, chunk
const shards = new Map();    // number -> Promise<Map<term, {numbers, weights}>>
const chunks = new Map();    // chunk number -> Promise<documents>
let latest = 0;              // the newest query; older ones are dropped when it arrives

function fetchJSON(path) {
  return fetch(new URL(path, base)).then(response => {
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  });
}

function loadMeta() {
  if (!meta) meta = fetchJSON("shards.json");
  return meta;
}

/* A shard: LEB128 integers (see generator/shards.py), decoded into typed arrays. */
function decodeShard(buffer) {
  const bytes = new Uint8Array(buffer);
  const decoder = new TextDecoder();
  let position = 0;
  function read() {
    let value = 0, factor = 1, byte;
    do {
      byte = bytes[position++];
      value += (byte & 0x7f) * factor;
      factor *= 128;
    } while (byte & 0x80);
    return value;
  }
  const terms = new Map();
  for (let count = read(); count > 0; count--) {
    const length = read();
    const term = decoder.decode(bytes.subarray(position, position + length));
    position += length;
    const classes = [];
    for (let c = read(); c > 0; c--) classes.push(read());
    const size = read();
    const numbers = new Uint32Array(size);
    const weights = new Uint32Array(size);
    let number = 0;
    const k = classes.length;
    for (let i = 0; i < size; i++) {
      const value = read();
      number += Math.floor(value / k);
      numbers[i] = number;
      weights[i] = classes[value % k];
    }
    terms.set(term, { numbers, weights });
  }
  return terms;
}

function loadShard(number) {
  if (!shards.has(number)) {
    shards.set(number, fetch(new URL(`shards/${number}.bin`, base))
      .then(response => {
        if (!response.ok) throw new Error(`shard ${number}: ${response.status}`);
        return response.arrayBuffer();
      })
      .then(decodeShard)
      .catch(error => { shards.delete(number); throw error; }));
  }
  return shards.get(number);
}

function loadChunk(number) {
  if (!chunks.has(number)) {
    chunks.set(number, fetchJSON(`docs/${number}.json`)
      .catch(error => { chunks.delete(number); throw error; }));
  }
  return chunks.get(number);
}

/* Shards hold consecutive terms (generator/shards.py); `starts` has each one's first term.
   A word needs the shard where it would be, and the next ones while they start with it. */
function shardsNeeded(word, starts, wholeWord) {
  let low = 0, high = starts.length - 1;
  while (low < high) {               // the last shard whose first term is <= word
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= word) low = middle; else high = middle - 1;
  }
  const needed = starts.length ? [low] : [];
  if (wholeWord || word.length < MIN_PREFIX) return needed;
  for (let n = low + 1; n < starts.length && starts[n].startsWith(word); n++) needed.push(n);
  return needed;
}

/* A query word that matches no index term may be a typo ("transfomer"): it then stands for
   the index's words fewest edits away (optimal string alignment: an insertion, deletion,
   substitution or swap of two neighbouring letters is one edit), at most TYPO_EDITS, or
   LONG_TYPO_EDITS for a word of LONG_TYPO letters or more, and at most LENGTH_SLACK letters
   longer or shorter, read from the spelling files of those lengths (spell/<n>.json) only
   then. Short words, stop words and words with a digit are never corrected. As
   generator/shards.py does. */
const TYPO_MIN = 6, TYPO_EDITS = 1, LONG_TYPO = 9, LONG_TYPO_EDITS = 2, LENGTH_SLACK = 1;
const spellings = new Map();  // length -> Promise<terms>

/* Optimal string alignment distance between two arrays of characters, or limit + 1 when it
   is above limit. */
function edits(a, b, limit) {
  let before = null, previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let lowest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2] + 1);
      }
      current.push(value);
      lowest = Math.min(lowest, value);
    }
    if (lowest > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length], limit + 1);
}

function typoEdits(letters, word) {
  if (letters.length < TYPO_MIN || STOP_WORDS.has(word) || /[0-9]/.test(word)) return 0;
  return letters.length >= LONG_TYPO ? LONG_TYPO_EDITS : TYPO_EDITS;
}

/* The terms of `vocabulary` (in its order) fewest edits from `word`, if it may be a typo. */
function corrections(word, vocabulary) {
  const letters = Array.from(word);
  const limit = typoEdits(letters, word);
  if (!limit) return [];
  let best = limit + 1, found = [];
  for (const term of vocabulary) {
    const other = Array.from(term);
    if (Math.abs(other.length - letters.length) > LENGTH_SLACK) continue;
    const distance = edits(letters, other, limit);
    if (distance > limit) continue;
    if (distance < best) { best = distance; found = [term]; }
    else if (distance === best) found.push(term);
  }
  return found;
}

function loadSpelling(length) {
  if (!spellings.has(length)) {
    spellings.set(length, fetchJSON(`spell/${length}.json`)
      .catch(error => { spellings.delete(length); throw error; }));
  }
  return spellings.get(length);
}

/* The published words a typo of `word` could be, shortest first. */
async function spelling(word, lengths) {
  const size = Array.from(word).length;
  const limit = typoEdits(Array.from(word), word);
  const wanted = [];
  for (let length = size - LENGTH_SLACK; limit && length <= size + LENGTH_SLACK; length++) {
    if (lengths.includes(length)) wanted.push(length);
  }
  return (await Promise.all(wanted.map(loadSpelling))).flat();
}

/* An arXiv id with its version ("2203.09893v2", "hep-th/9901001v2"): pages index the id
   without it. A pasted arXiv or DOI address stands for its identifier (its query string and
   fragment dropped), and arXiv's own DOI (10.48550/arXiv.<id>) for the arXiv id. As
   generator/shards.py does. */
const ARXIV_VERSION = /^(\d{4}\.\d{4,5}|\d{7})v\d+$/;
const IDENTIFIER_URL =
  /^(?:https?:\/\/)?(?:(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/([^?#]+?)(?:v\d+)?(?:\.pdf)?|(?:dx\.)?doi\.org\/([^?#]+?))\/?(?:[?#].*)?$/i;
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;

function identifierIn(raw) {
  const found = IDENTIFIER_URL.exec(raw);
  const word = found ? found[1] || found[2] : raw;
  const arxiv = ARXIV_DOI.exec(word);
  return arxiv ? arxiv[1] : word;
}

/* Material's query syntax, reduced to what a reader types: words, "+word" (required),
   "-word" (excluded), and "a phrase" (every word required). Words are split by the index's
   separator, as Material's transformSearchQuery does. */
function parseQuery(value) {
  const clauses = [];
  const parts = value.trim().split(/"([^"]+)"/g);
  parts.forEach((part, index) => {
    for (const raw of part.split(/\s+/)) {
      if (!raw) continue;
      let presence = index & 1 ? "required" : "optional";
      let text = raw;
      if (!(index & 1) && (text[0] === "+" || text[0] === "-")) {
        presence = text[0] === "+" ? "required" : "prohibited";
        text = text.slice(1);
      }
      text = identifierIn(text);
      text = text.replace(/[*~^:]+/g, " ");
      for (const word of text.split(separator)) {
        const term = word.trim().toLowerCase().replace(ARXIV_VERSION, "$1");
        if (!term) continue;
        // Material adds no wildcard to required or excluded words: they match whole words
        clauses.push({ term, presence, prefix: presence === "optional" });
      }
    }
  });
  return clauses;
}

function escapeRegExp(text) {
  return text.replace(/[|\\{}()[\]^$+*?.-]/g, "\\$&");
}

/* <mark> around the index words (between tags, split by the separator) that start with a
   matched query word. */
function highlight(html, words) {
  if (!words.length) return html;
  const prefixes = new RegExp(`^(?:${words.map(escapeRegExp).join("|")})`, "i");
  return html.split(/(<[^>]*>)/).map(part => {
    if (part.startsWith("<")) return part;
    const out = [];
    const global = new RegExp(separator.source, "g");
    let index = 0, match;
    while ((match = global.exec(part)) !== null) {
      if (match[0].length === 0) { global.lastIndex++; continue; }
      out.push(mark(part.slice(index, match.index), prefixes), match[0]);
      index = match.index + match[0].length;
    }
    out.push(mark(part.slice(index), prefixes));
    return out.join("");
  }).join("").replace(/<\/mark>(\s+)<mark>/g, "$1");
}

function mark(token, prefixes) {
  return token && prefixes.test(token) ? `<mark>${token}</mark>` : token;
}

async function search(value) {
  const clauses = parseQuery(value);
  if (!clauses.length) return { items: [] };
  const { starts, chunk, spell = [] } = await loadMeta();
  const needed = new Set();
  for (const clause of clauses) {
    for (const n of shardsNeeded(clause.term, starts, !clause.prefix)) needed.add(n);
  }
  const loaded = await Promise.all(Array.from(needed, loadShard));

  function expand(clause) {
    const terms = [];
    for (const shard of loaded) {
      for (const [term, postings] of shard) {
        const hit = clause.prefix && clause.term.length >= MIN_PREFIX
          ? term.startsWith(clause.term)
          : term === clause.term;
        if (hit) terms.push([term, postings]);
      }
    }
    return terms;
  }
  function entries(terms) {
    return terms.map(term => [term, loaded.find(shard => shard.has(term)).get(term)]);
  }

  // A word that matched no term may be a typo: its corrections, and the shards holding them.
  const corrected = new Map();    // clause -> the terms it stands for
  const fixes = new Map();        // query word -> the terms it stands for
  for (const clause of clauses) {
    if (expand(clause).length) continue;
    const terms = corrections(clause.term, await spelling(clause.term, spell));
    if (!terms.length) continue;
    corrected.set(clause, terms);
    fixes.set(clause.term, terms);
    const more = new Set();
    for (const term of terms) {
      for (const n of shardsNeeded(term, starts, true)) if (!needed.has(n)) more.add(n);
    }
    for (const n of more) needed.add(n);
    loaded.push(...await Promise.all(Array.from(more, loadShard)));
  }

  const scores = new Map();        // document number -> summed weight (thousandths)
  const matched = new Map();       // document number -> Set of query words matched as typed
  const fixed = new Map();         // document number -> Set of query words matched corrected
  const clausesPerTerm = new Map();
  const required = [];
  const prohibited = new Set();
  for (const clause of clauses) {
    const expanded = corrected.has(clause) ? entries(corrected.get(clause)) : expand(clause);
    if (clause.presence === "prohibited") {
      for (const [, { numbers }] of expanded) for (const n of numbers) prohibited.add(n);
      continue;
    }
    const found = corrected.has(clause) ? fixed : matched;
    const hits = new Set();
    for (const [term, { numbers, weights }] of expanded) {
      clausesPerTerm.set(term, (clausesPerTerm.get(term) || 0) + 1);
      for (let i = 0; i < numbers.length; i++) {
        const n = numbers[i];
        scores.set(n, (scores.get(n) || 0) + weights[i]);
        let words = found.get(n);
        if (!words) found.set(n, words = new Set());
        words.add(clause.term);
        hits.add(n);
      }
    }
    if (clause.presence === "required") required.push(hits);
  }
  let magnitude = 0;
  for (const count of clausesPerTerm.values()) magnitude += count * count;
  magnitude = Math.sqrt(magnitude);

  // Material's boost: 1 (a page, not a section) + the share of query words matched, where a
  // missing stop word does not count, nor does a typo's correction. Sections are known by
  // their location, so the ranking first treats every document as a page (an upper bound),
  // then fetches the best few.
  const words = Array.from(new Set(clauses.filter(c => c.presence !== "prohibited").map(c => c.term)));
  const none = new Set();
  // What the result shows: the words a page has, as typed or corrected, and those it lacks.
  function termsOf(n) {
    const found = matched.get(n) || none, near = fixed.get(n) || none;
    const terms = {};
    for (const word of words) {
      if (found.has(word) || near.has(word)) terms[word] = true;
      else if (!STOP_WORDS.has(word)) terms[word] = false;
    }
    return terms;
  }
  function score(total, n, page) {
    const found = matched.get(n) || none;
    let has = 0, counted = 0;
    for (const word of words) {
      if (found.has(word)) has++;
      if (found.has(word) || !STOP_WORDS.has(word)) counted++;
    }
    const boost = +page + (counted ? has / counted : 0);
    return total / 1000 / magnitude * (1 + boost ** 2);
  }
  function marked(n) {
    const found = matched.get(n) || none, near = fixed.get(n) || none;
    return words.flatMap(word => found.has(word) ? [word] : near.has(word) ? fixes.get(word) : []);
  }
  const ranked = [];
  for (const [n, total] of scores) {
    if (prohibited.has(n) || required.some(hits => !hits.has(n))) continue;
    ranked.push([n, total, score(total, n, true)]);
  }
  ranked.sort((a, b) => b[2] - a[2] || a[0] - b[0]);
  const candidates = ranked.slice(0, MAX_RESULTS + 4);
  const docs = await documents(candidates.map(([n]) => n), chunk);
  const items = candidates.map(([n, total]) => {
    const [location, title, text, tags] = docs.get(n);
    return { n, location, title, text, tags, terms: termsOf(n), score: score(total, n, !location.includes("#")) };
  });
  items.sort((a, b) => b.score - a.score || a.n - b.n);

  // Group by page, as Material does; a page whose sections matched but not itself comes too.
  const groups = new Map();
  for (const item of items) {
    const page = item.location.split("#")[0];
    if (!groups.has(page)) {
      if (groups.size >= MAX_RESULTS) continue;
      groups.set(page, []);
    }
    groups.get(page).push(item);
  }
  const missing = [];
  for (const [page, group] of groups) {
    if (!group.some(item => item.location === page)) missing.push(page);
  }
  if (missing.length) await addPages(groups, missing, chunk);
  return {
    items: Array.from(groups.values(), group => group.map(item => {
      const words = marked(item.n);
      const result = {
        location: item.location,
        title: highlight(item.title, words),
        text: highlight(item.text, words),
        score: item.score,
        terms: item.terms,
      };
      if (item.tags) result.tags = item.tags.map(tag => highlight(tag, words));
      return result;
    })),
  };
}

async function documents(numbers, chunk) {
  const wanted = Array.from(new Set(numbers.map(n => Math.floor(n / chunk))));
  const loaded = await Promise.all(wanted.map(loadChunk));
  const byNumber = new Map();
  wanted.forEach((c, i) => loaded[i].forEach((doc, j) => byNumber.set(c * chunk + j, doc)));
  return byNumber;
}

/* Pages of sections that matched without their page: found by location in the chunks of
   those sections' neighbours (a page precedes its sections in the index). */
async function addPages(groups, pages, chunk) {
  for (const page of pages) {
    const group = groups.get(page);
    const first = Math.min(...group.map(item => item.n));
    for (let n = first - 1; n >= 0 && n >= first - 64; n--) {
      const doc = (await documents([n], chunk)).get(n);
      if (doc && doc[0] === page) {
        const [location, title, text, tags] = doc;
        group.push({ n, location, title, text, tags, score: 0, terms: {} });
        break;
      }
    }
  }
}

/* A site built by `mkdocs build` alone has Material's whole index and no shards: then
   Material's own worker (named in this script's address, ?fallback=) takes over. */
let delegated = false;

addEventListener("message", async event => {
  const message = event.data;
  if (delegated) return;
  switch (message.type) {
    case SETUP:
      if (message.data.docs && message.data.docs.length) {
        const fallback = new URL(self.location.href).searchParams.get("fallback");
        if (fallback) {
          delegated = true;
          importScripts(new URL(fallback, self.location.href).href);
          dispatchEvent(new MessageEvent("message", { data: message }));
          return;
        }
      }
      config = message.data.config;
      if (config && config.separator) separator = new RegExp(config.separator);
      postMessage({ type: READY });
      break;
    case QUERY: {
      const id = ++latest;
      await new Promise(resolve => setTimeout(resolve, SETTLE_MS));
      if (id !== latest) break;
      let data;
      try {
        data = await search(message.data);
      } catch (error) {
        console.warn(`search: ${error}`);
        data = { items: [] };
      }
      if (id === latest) postMessage({ type: RESULT, data });
      break;
    }
  }
});
