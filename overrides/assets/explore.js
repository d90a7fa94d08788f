/* paper-catalog: the Explore page. Live filters over every paper, no dependencies.

   Loaded by the Explore page alone (generator/templates/explore.md.j2); does nothing unless
   the page has #explore.

   Flow: load the head of the compact JSON made at build time (explore.json: the first page of
   papers by title and the counts with no filter; shapes in generator/explore.py), prepare it
   (a lower-case haystack per row), read the filters from the address, then on every change:
   load what is missing -> filter -> render -> write the address. The head answers the page
   with no filter; "Show more" there fetches the chunks (explore/papers-N.json, 1,000 papers
   each by title) it needs. A small catalog (no index in the head) fetches every chunk and
   the dates on its first filter or order, and filters in memory from then on. A large one
   fetches what each filter needs: the tag column (tags.json) for any filter, the date column
   (dates.json) for a year or an order, the words typed (words.json and the shards of the
   title words that hold them), every chunk for an author; then the rows of the results
   shown, the fewest among the chunks by title, by tag and by date, those of the first screen
   first. The list waits (aria-busy) until its page is in; its first screen shows as soon as
   its rows are. At 100,000 papers the head is about 43 KB, a first filter 0.1-1.2 MB of the
   data's 68 MB.

   Filters: words (every word must appear, case- and accent-insensitive, in the title or a tag
   name), author (every word of it in the name of one author of the paper), years (from/to,
   inclusive; a paper without a known date is left out of a year filter and counted, never
   guessed), topics (a paper in ANY chosen topic) and tags (a paper with ALL chosen tags).
   Sort: by title (the JSON's order), or by date, newest or oldest first; papers without a
   known date come last.
   The page already holds the form with its chips (generator/templates/explore.md.j2), inert
   until the papers are in, so nothing moves when they arrive. Titles and names are data: they
   go into the page as text (textContent), never as HTML.

   window.__exploreTimings records, per update, the filter+render time (ms) and the time from
   the input event to the next painted frame (painted); tests read it. window.__exploreListed
   counts the times the list showed results (a first screen of them, or all). */
(function () {
  "use strict";

  const PAGE_SIZE = 200; // results rendered at once; "Show more" adds as many again
  const URL_DELAY = 250; // ms; the address is rewritten once typing pauses
  const MAX_TIMINGS = 1000;
  const AUTHORS_SHOWN = 3; // then "et al."
  // Address parameters, in the order they are written: ?text=graph+net&topic=a&tag=x
  // &from=2020&to=2023&author=hinton&sort=date. Not "q": Material's search opens its own
  // search box for ?q=.
  const PARAM = {
    text: "text",
    topic: "topic",
    tag: "tag",
    from: "from",
    to: "to",
    author: "author",
    sort: "sort",
  };
  const SORTS = ["", "date", "date-asc"]; // title (the default), newest first, oldest first
  const YEAR = /^\d{1,4}$/;
  const MAX_WORDS = 64; // words whose matches are kept
  const FIRST_ROWS = 20; // results whose rows are fetched first: a screen's worth
  // Words typed that need more shards than this (a letter or two match most title words)
  // are looked up once typing pauses this long (ms).
  const WIDE_SHARDS = 8;
  const TYPING_PAUSE = 400;

  /* ---------- data ---------- */

  // Letters that Unicode does not decompose into a base letter and an accent.
  const LETTERS = {
    ł: "l", ø: "o", đ: "d", ð: "d", ß: "ss", æ: "ae", œ: "oe", ı: "i", þ: "th",
  }; // prettier-ignore
  const LETTER = new RegExp("[" + Object.keys(LETTERS).join("") + "]", "g");

  function fold(text) {
    // Lower case without accents, so "Pade" finds "Padé" and "lukasz" finds "Łukasz".
    return text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(LETTER, (letter) => LETTERS[letter]);
  }

  function words(text) {
    return fold(text).split(/\s+/).filter(Boolean);
  }

  // The data from the head: its papers are the first of `total`, by title; rows from other
  // files (explore/papers-N.json by title, and with the index, by tag or by date) fill in
  // data.papers at their place in title order.
  function prepare(raw) {
    const fields = raw.paper_fields || ["id", "title", "tags"];
    const columns = ["id", "title", "tags", "authors", "year"].map((name) => fields.indexOf(name));

    const topics = raw.topics.map((topic, index) => ({ id: topic.id, name: topic.name, index }));
    const topicIndex = new Map(topics.map((topic) => [topic.id, topic.index]));
    const tags = raw.tags.map((tag, index) => ({
      id: tag.id,
      name: tag.name,
      index,
      topics: (tag.topics || []).map((id) => topicIndex.get(id)).filter((i) => i !== undefined),
    }));
    const byName = (a, b) => a.name.localeCompare(b.name);
    const total = Number.isInteger(raw.total) ? raw.total : raw.papers.length;
    const data = {
      columns,
      topics,
      tags,
      foldedTagNames: tags.map((tag) => fold(tag.name)),
      authors: [],
      foldedAuthors: [],
      authorIndex: new Map(), // name -> index in authors
      papers: new Array(total), // by title; a paper is in once its row is
      loaded: 0, // rows in
      total,
      complete: false, // every row is in: the words box reads the titles themselves
      topicIndex,
      tagIndex: new Map(tags.map((tag) => [tag.id, tag.index])),
      tagsOf: null, // per paper its tag indexes, from explore/tags.json or the rows
      topicsOf: null, // per paper its topic indexes
      tagPapers: null, // per tag its papers, by title
      untagged: null, // the papers without a tag, by title
      place: null, // per paper its place in the date order from 1, 0 without a date
      yearOf: null, // per paper its year (when place > 0)
      orders: null, // paper indexes by title, newest first, oldest first
      wordHits: new Map(), // a word of the words box -> per paper 1 if it matches
      topicsByName: topics.slice().sort(byName),
      tagsByName: tags.slice().sort(byName),
      authorCache: { key: null, hits: null },
    };
    addRows(data, raw.papers, raw.authors || [], (j) => j);
    if (raw.date_order) setDates(data, datesFromOrder(raw.date_order, data)); // one whole file
    return data;
  }

  // Adds rows whose author indexes point into `names` (each file has its own table; a name
  // gets one index here); the j-th row is the paper placeAt(j) in title order.
  function addRows(data, rows, names, placeAt) {
    const [ID, TITLE, TAGS, AUTHORS, YEAR_FIELD] = data.columns;
    const tags = data.tags;
    const own = names.map((name) => {
      let index = data.authorIndex.get(name);
      if (index === undefined) {
        index = data.authors.length;
        data.authors.push(name);
        data.foldedAuthors.push(fold(name));
        data.authorIndex.set(name, index);
      }
      return index;
    });
    rows.forEach((row, j) => {
      const i = placeAt(j);
      if (!(i >= 0 && i < data.total) || data.papers[i]) return;
      const tagList = (row[TAGS] || []).filter((t) => t >= 0 && t < tags.length);
      const authorList = (AUTHORS < 0 ? [] : row[AUTHORS] || [])
        .filter((a) => Number.isInteger(a) && a >= 0 && a < own.length)
        .map((a) => own[a]);
      const year = YEAR_FIELD >= 0 && Number.isInteger(row[YEAR_FIELD]) ? row[YEAR_FIELD] : null;
      data.papers[i] = {
        id: row[ID],
        title: row[TITLE],
        tags: tagList,
        authors: authorList,
        year,
        haystack:
          fold(row[TITLE]) + "\n" + tagList.map((t) => data.foldedTagNames[t]).join("\n"),
      };
      data.loaded++;
    });
    data.authorCache = { key: null, hits: null }; // the author table may have grown
    if (data.loaded === data.total && !data.complete) {
      data.complete = true;
      if (!data.tagsOf) setTags(data, data.papers.map((paper) => paper.tags));
    }
  }

  // Each paper's tags (and so its topics), by title: what every filter and count reads.
  function setTags(data, tagsOf) {
    const topicsByKey = new Map(); // papers with the same tags share their topics
    data.tagsOf = tagsOf;
    data.topicsOf = tagsOf.map((list) => {
      const key = list.join(",");
      let topicList = topicsByKey.get(key);
      if (!topicList) {
        const set = new Set();
        for (const t of list) for (const topic of data.tags[t].topics) set.add(topic);
        topicList = Array.from(set);
        topicsByKey.set(key, topicList);
      }
      return topicList;
    });
    data.tagPapers = data.tags.map(() => []);
    data.untagged = [];
    tagsOf.forEach((list, i) => {
      list.forEach((t) => data.tagPapers[t].push(i));
      if (!list.length) data.untagged.push(i);
    });
  }

  // Each ASCII character's value as a digit of the compact columns (-1: not a digit).
  function digitValues(alphabet) {
    const value = new Int32Array(128).fill(-1);
    for (let k = 0; k < alphabet.length; k++) value[alphabet.charCodeAt(k)] = k;
    return value;
  }

  // A compact column's numbers (generator/explore.py): `width` digits each, most
  // significant first.
  function digitReader(alphabet) {
    const value = digitValues(alphabet);
    const base = alphabet.length;
    return (text, start, width) => {
      let number = 0;
      for (let k = start; k < start + width; k++) {
        number = number * base + value[text.charCodeAt(k)];
      }
      return number;
    };
  }

  // explore/tags.json: each paper's tags as codes (one digit, or an escape digit and one
  // more), papers apart by a space; `codes` are the tag indexes by code.
  function tagsFromColumn(column, digits, data) {
    const value = digitValues(digits);
    const base = digits.length;
    const single = base - column.escapes;
    return column.papers.split(" ").map((text) => {
      const list = [];
      for (let k = 0; k < text.length; k++) {
        let code = value[text.charCodeAt(k)];
        if (code >= single) code = single + (code - single) * base + value[text.charCodeAt(++k)];
        const t = column.codes[code];
        if (t >= 0 && t < data.tags.length) list.push(t);
      }
      return list;
    });
  }

  // explore/dates.json: each paper's place in the date order (0: no known date) and the
  // first place of each year.
  function datesFromColumn(column, read, data) {
    const place = new Int32Array(data.total);
    const width = column.width;
    for (let i = 0; i < data.total; i++) place[i] = read(column.papers, i * width, width);
    return { place, years: column.years };
  }

  function datesFromOrder(dateOrder, data) {
    const place = new Int32Array(data.total);
    dateOrder.forEach((i, k) => {
      if (i >= 0 && i < data.total && !place[i]) place[i] = k + 1;
    });
    const years = [];
    dateOrder.forEach((i, k) => {
      const year = data.papers[i] ? data.papers[i].year : null;
      if (!years.length || years[years.length - 1][0] !== year) years.push([year, k + 1]);
    });
    return { place, years };
  }

  // The orders the list can be shown in, as paper indexes. Undated papers come last, by title.
  function setDates(data, dates) {
    const { place, years } = dates;
    const yearOf = new Int32Array(data.total);
    const byPlace = [];
    for (let i = 0; i < data.total; i++) if (place[i] > 0) byPlace.push(i);
    byPlace.sort((a, b) => place[a] - place[b]);
    let y = -1;
    byPlace.forEach((i) => {
      while (y + 1 < years.length && years[y + 1][1] <= place[i]) y++;
      yearOf[i] = y >= 0 ? years[y][0] : 0;
    });
    const undated = [];
    for (let i = 0; i < data.total; i++) if (!(place[i] > 0)) undated.push(i);
    data.place = place;
    data.yearOf = yearOf;
    data.orders = {
      "": titleOrder(data),
      date: byPlace.slice().reverse().concat(undated),
      "date-asc": byPlace.concat(undated),
    };
  }

  function titleOrder(data) {
    if (!data.everyPaper) data.everyPaper = Array.from({ length: data.total }, (_, i) => i);
    return data.everyPaper;
  }

  // Fetches the data's other files (paths from the head, relative to the site's root), each
  // once: the chunks by title, the date column, and with the index (a catalog whose chunks
  // are too large to read whole on the first filter) the tag column, the words and their
  // papers, and the rows a list shows, from the fewest rows of chunks by title, by tag or by
  // date that hold them.
  function createLoader(root, head, data, typing) {
    const base = siteRoot(root);
    const index = head.index || null;
    const read = digitReader(head.digits || "");
    const size = head.chunk_size || 1;
    const pending = new Map(); // path -> promise of its JSON, until it is in the data
    const done = new Set(); // paths whose data is in
    let vocabulary = null; // {words, folded, shards}

    function json(path) {
      if (!pending.has(path)) {
        const promise = fetch(new URL(path, base)).then((response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return response.json();
        });
        pending.set(path, promise);
        promise.catch(() => pending.delete(path)); // tried again on the next call
      }
      return pending.get(path);
    }

    // Reads a file once and hands its JSON to `use`; later calls resolve at once.
    function once(path, use) {
      if (done.has(path)) return Promise.resolve();
      return json(path).then((value) => {
        if (!done.has(path)) {
          use(value);
          done.add(path);
          pending.delete(path);
        }
      });
    }

    const chunkPath = (n) => head.chunk_file.replace("{}", String(n));
    const tagPath = (t, n) =>
      index.tag_chunk_file.replace("{tag}", data.tags[t].id).replace("{n}", String(n));
    const datePath = (n) => index.date_chunk_file.replace("{}", String(n));
    const untaggedPath = (n) => index.untagged_chunk_file.replace("{}", String(n));

    function titleChunk(n) {
      return once(chunkPath(n), (chunk) =>
        addRows(data, chunk.papers, chunk.authors || [], (j) => n * size + j)
      );
    }

    function dates() {
      return once(head.dates_file, (value) =>
        setDates(
          data,
          Array.isArray(value) ? datesFromOrder(value, data) : datesFromColumn(value, read, data)
        )
      );
    }

    function tags() {
      return once(index.tags_file, (column) =>
        setTags(data, tagsFromColumn(column, head.digits, data))
      );
    }

    // Every row, and the dates: what the author filter (and without the index, any filter)
    // needs.
    function all() {
      const chunks = [];
      for (let n = 0; n < head.chunks; n++) chunks.push(titleChunk(n));
      return Promise.all([...chunks, dates()]);
    }

    // Which papers each word matches: a word of a title that holds it, or a tag whose name
    // holds it (the tag column must be in).
    async function words(list) {
      const wanted = list.filter((word) => !data.wordHits.has(word));
      if (!wanted.length) return;
      if (!vocabulary) {
        await once(index.words_file, (value) => {
          vocabulary = {
            words: value.words,
            folded: value.words.map(fold),
            shards: value.shards,
          };
        });
      }
      const { folded, shards } = vocabulary;
      const shardOf = (k) => {
        let s = 0;
        while (s + 1 < shards.length && shards[s + 1] <= k) s++;
        return s;
      };
      const matching = wanted.map((word) => {
        const found = [];
        for (let k = 0; k < folded.length; k++) if (folded[k].includes(word)) found.push(k);
        return found;
      });
      const needed = new Set();
      for (const found of matching) for (const k of found) needed.add(shardOf(k));
      if (needed.size > WIDE_SHARDS) {
        // A word of a letter or two, most likely the start of one being typed: wait for the
        // typing to pause before reading most of the index.
        await typing.pause();
        const now = typing.words();
        if (wanted.some((word) => !now.includes(word))) return; // asked again as they are now
      }
      const loaded = new Map();
      await Promise.all([
        ...Array.from(needed, (s) =>
          json(index.word_shard_file.replace("{}", String(s))).then((shard) => loaded.set(s, shard))
        ),
        tags(), // a word matches the papers of the tags whose names hold it
      ]);
      if (data.wordHits.size + wanted.length > MAX_WORDS) {
        for (const word of Array.from(data.wordHits.keys())) {
          if (!list.includes(word)) data.wordHits.delete(word); // kept: the words typed now
        }
      }
      wanted.forEach((word, w) => {
        const hits = new Uint8Array(data.total);
        for (const k of matching[w]) {
          const s = shardOf(k);
          let i = 0;
          for (const gap of loaded.get(s)[k - shards[s]] || []) {
            i += gap;
            if (i < data.total) hits[i] = 1;
          }
        }
        data.tags.forEach((tag, t) => {
          if (data.foldedTagNames[t].includes(word)) for (const i of data.tagPapers[t]) hits[i] = 1;
        });
        data.wordHits.set(word, hits);
      });
    }

    // The rows of these papers (a list's first page), in two waves: the files for the first
    // `firstCount` (what a screen shows), then those for the rest, both requested at once.
    // Each wave chooses its files greedily, each time the one that holds the largest share
    // of its rows among the wave's papers still missing (then the most papers, then the
    // first named), among each paper's chunk by title, its chunk by tag (with the tag column;
    // the untagged papers have chunks of their own) and its chunk by date (with the dates).
    function rows(list, firstCount) {
      const missing = list.filter((i) => !data.papers[i]);
      const files = new Map(); // path -> {rows, papers: Set, load}
      const add = (path, count, load, i) => {
        if (!files.has(path)) files.set(path, { rows: count, papers: new Set(), load });
        files.get(path).papers.add(i);
      };
      const dateSize = index && index.date_chunk_size;
      const tagSize = index && index.tag_chunk_size;
      const byDate = data.orders && data.orders["date-asc"];
      const datePlace = new Map();
      if (index && byDate) missing.forEach((i) => datePlace.set(i, -1));
      if (datePlace.size) byDate.forEach((i, k) => datePlace.has(i) && datePlace.set(i, k));
      for (const i of missing) {
        const n = Math.floor(i / size);
        add(chunkPath(n), Math.min(size, data.total - n * size), () => titleChunk(n), i);
        if (!index) continue;
        if (data.tagsOf) {
          for (const t of data.tagsOf[i]) {
            const list = data.tagPapers[t];
            const k = Math.floor(lowerBound(list, i) / tagSize);
            const count = Math.min(tagSize, list.length - k * tagSize);
            add(tagPath(t, k), count, () => tagChunk(t, k), i);
          }
          if (!data.tagsOf[i].length) {
            const list = data.untagged;
            const k = Math.floor(lowerBound(list, i) / tagSize);
            const count = Math.min(tagSize, list.length - k * tagSize);
            add(untaggedPath(k), count, () => untaggedChunk(k), i);
          }
        }
        if (datePlace.size) {
          const k = Math.floor(datePlace.get(i) / dateSize);
          const count = Math.min(dateSize, data.total - k * dateSize);
          add(datePath(k), count, () => dateChunk(k), i);
        }
      }
      // Picks files while `count` gives one a paper to add; a file's papers are taken from
      // every other file once it is picked.
      const pick = (count) => {
        const chosen = [];
        for (;;) {
          let best = null;
          let bestCount = 0;
          for (const file of files.values()) {
            const covered = count(file);
            if (
              covered > 0 &&
              (!best ||
                covered * best.rows > bestCount * file.rows ||
                (covered * best.rows === bestCount * file.rows && covered > bestCount))
            ) {
              best = file;
              bestCount = covered;
            }
          }
          if (!best) return chosen;
          chosen.push(best);
          for (const i of Array.from(best.papers)) {
            for (const file of files.values()) if (file !== best) file.papers.delete(i);
          }
          best.papers.clear();
        }
      };
      const early = new Set(list.slice(0, firstCount).filter((i) => !data.papers[i]));
      const first = pick((file) => {
        let covered = 0;
        for (const i of file.papers) if (early.has(i)) covered++;
        return covered;
      });
      const rest = pick((file) => file.papers.size);
      const firstIn = Promise.all(first.map((file) => file.load()));
      return { first: firstIn, all: Promise.all([firstIn, ...rest.map((file) => file.load())]) };
    }

    function tagChunk(t, k) {
      const list = data.tagPapers[t];
      const start = k * index.tag_chunk_size;
      return once(tagPath(t, k), (chunk) =>
        addRows(data, chunk.papers, chunk.authors || [], (j) => list[start + j])
      );
    }

    function untaggedChunk(k) {
      const start = k * index.tag_chunk_size;
      return once(untaggedPath(k), (chunk) =>
        addRows(data, chunk.papers, chunk.authors || [], (j) => data.untagged[start + j])
      );
    }

    function dateChunk(k) {
      const byDate = data.orders["date-asc"];
      const start = k * index.date_chunk_size;
      return once(datePath(k), (chunk) =>
        addRows(data, chunk.papers, chunk.authors || [], (j) => byDate[start + j])
      );
    }

    return { index, all, dates, tags, words, rows };
  }

  // The first place in a sorted list whose value is at least `value`.
  function lowerBound(list, value) {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (list[middle] < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /* ---------- state and the address ---------- */

  function emptyState(sort) {
    return {
      text: "",
      author: "",
      from: null,
      to: null,
      sort: sort || "",
      topics: new Set(),
      tags: new Set(),
      limit: PAGE_SIZE,
    };
  }

  function yearParam(value) {
    return value !== null && YEAR.test(value.trim()) ? Number(value.trim()) : null;
  }

  function stateFromUrl(data, search) {
    const params = new URLSearchParams(search);
    const state = emptyState();
    state.text = params.get(PARAM.text) || "";
    state.author = params.get(PARAM.author) || "";
    state.from = yearParam(params.get(PARAM.from));
    state.to = yearParam(params.get(PARAM.to));
    if (state.from !== null && state.to !== null && state.from > state.to) {
      [state.from, state.to] = [state.to, state.from];
    }
    const sort = params.get(PARAM.sort) || "";
    state.sort = SORTS.includes(sort) ? sort : "";
    for (const id of params.getAll(PARAM.topic)) {
      if (data.topicIndex.has(id)) state.topics.add(data.topicIndex.get(id));
    }
    for (const id of params.getAll(PARAM.tag)) {
      if (data.tagIndex.has(id)) state.tags.add(data.tagIndex.get(id));
    }
    return state;
  }

  // Keeps any other parameter of the address as it is.
  function urlFromState(data, state) {
    const params = new URLSearchParams(location.search);
    for (const name of Object.values(PARAM)) params.delete(name);
    if (state.text.trim()) params.set(PARAM.text, state.text.trim());
    const ids = (set, list) => Array.from(set, (i) => list[i].id).sort();
    for (const id of ids(state.topics, data.topics)) params.append(PARAM.topic, id);
    for (const id of ids(state.tags, data.tags)) params.append(PARAM.tag, id);
    if (state.from !== null) params.set(PARAM.from, String(state.from));
    if (state.to !== null) params.set(PARAM.to, String(state.to));
    if (state.author.trim()) params.set(PARAM.author, state.author.trim());
    if (state.sort) params.set(PARAM.sort, state.sort);
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  function isFiltered(state) {
    return (
      state.text.trim() !== "" ||
      state.author.trim() !== "" ||
      state.from !== null ||
      state.to !== null ||
      state.topics.size > 0 ||
      state.tags.size > 0
    );
  }

  /* ---------- filter ---------- */

  // Which names of the author table match the author filter (every word in one name).
  function authorHits(data, text) {
    const wanted = words(text);
    const key = wanted.join(" ");
    if (data.authorCache.key !== key) {
      const hits = new Uint8Array(data.authors.length);
      data.foldedAuthors.forEach((name, i) => {
        hits[i] = wanted.every((word) => name.includes(word)) ? 1 : 0;
      });
      data.authorCache = { key, hits };
    }
    return data.authorCache.hits;
  }

  // One pass over the papers, in the chosen order. Counts are what a click would give: a
  // tag's count is the number of results that have it (tags combine with AND); a topic's
  // count ignores the chosen topics (topics combine with OR), so it is the papers it would
  // add or keep. `undatedHidden` counts the papers a year filter alone keeps out;
  // `undatedListed`, the results without a date (listed last when sorting by date). Reads
  // the columns only: the tags of each paper, the dates (for a year or an order), and the
  // titles themselves (every row in) or the words' matches (the index).
  function filter(data, state) {
    const textWords = words(state.text);
    const textHits = data.complete ? null : textWords.map((word) => data.wordHits.get(word));
    const byAuthor = words(state.author).length > 0;
    const hits = byAuthor ? authorHits(data, state.author) : null;
    const byYear = state.from !== null || state.to !== null;
    const from = state.from === null ? -Infinity : state.from;
    const to = state.to === null ? Infinity : state.to;
    const chosenTags = Array.from(state.tags);
    const anyTopic = state.topics.size > 0;
    const topicChosen = new Uint8Array(data.topics.length);
    for (const t of state.topics) topicChosen[t] = 1;
    const topicCounts = new Uint32Array(data.topics.length);
    const tagCounts = new Uint32Array(data.tags.length);
    const results = [];
    let undatedHidden = 0;
    let undatedListed = 0;

    const { papers, tagsOf, topicsOf, place, yearOf } = data;
    const order = data.orders ? data.orders[state.sort] || data.orders[""] : titleOrder(data);
    outer: for (let k = 0; k < order.length; k++) {
      const i = order[k];
      for (let w = 0; w < textWords.length; w++) {
        if (textHits ? !textHits[w][i] : papers[i].haystack.indexOf(textWords[w]) === -1) {
          continue outer;
        }
      }
      if (byAuthor) {
        const authors = papers[i].authors;
        let found = false;
        for (let a = 0; a < authors.length && !found; a++) found = hits[authors[a]] === 1;
        if (!found) continue;
      }
      const paperTags = tagsOf[i];
      for (let c = 0; c < chosenTags.length; c++) {
        if (paperTags.indexOf(chosenTags[c]) === -1) continue outer;
      }
      const paperTopics = topicsOf[i];
      let inTopic = !anyTopic;
      for (let t = 0; t < paperTopics.length && !inTopic; t++) {
        if (topicChosen[paperTopics[t]]) inTopic = true;
      }
      const dated = place !== null && place[i] > 0;
      if (byYear) {
        if (!dated) {
          if (inTopic) undatedHidden++;
          continue;
        }
        if (yearOf[i] < from || yearOf[i] > to) continue;
      }
      for (let t = 0; t < paperTopics.length; t++) topicCounts[paperTopics[t]]++;
      if (!inTopic) continue;
      results.push(i);
      if (!dated) undatedListed++;
      for (let t = 0; t < paperTags.length; t++) tagCounts[paperTags[t]]++;
    }
    return { results, topicCounts, tagCounts, undatedHidden, undatedListed, authorHits: hits };
  }

  /* ---------- view ---------- */

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The same markup as the chips explore.md.j2 writes into the page.
  function chipLabel(facet, item) {
    const label = element("label", "explore-chip");
    const input = element("input", "explore-chip-input");
    input.type = "checkbox";
    input.value = item.id;
    input.dataset.facet = facet;
    const body = element("span", "explore-chip-body");
    body.append(element("span", "explore-chip-name", item.name), " ");
    body.append(element("span", "explore-chip-count", ""));
    label.append(input, body);
    return label;
  }

  // Takes the page's chips for these items (made if missing, dropped if unknown), in the
  // page's order.
  function chips(box, facet, items) {
    const onPage = new Map();
    for (const label of box.querySelectorAll("label.explore-chip")) {
      onPage.set(label.querySelector("input").value, label);
    }
    const result = [];
    for (const item of items) {
      let label = onPage.get(item.id);
      onPage.delete(item.id);
      if (!label) {
        label = chipLabel(facet, item);
        label.hidden = true; // until rendered with its count: a chip no result has stays hidden
        box.append(label);
      }
      const input = label.querySelector("input");
      input.dataset.index = String(item.index);
      const count = label.querySelector(".explore-chip-count");
      const shown = count.textContent.trim();
      result[item.index] = {
        label,
        input,
        count,
        shown: !label.hidden,
        lastCount: /^\d+$/.test(shown) ? Number(shown) : -1,
      };
    }
    for (const label of onPage.values()) label.remove();
    return result;
  }

  function createView(root, data) {
    return {
      form: root.querySelector(".explore-form"),
      input: root.querySelector(".explore-q"),
      author: root.querySelector(".explore-author"),
      from: root.querySelector("#explore-from"),
      to: root.querySelector("#explore-to"),
      sort: root.querySelector("#explore-sort"),
      count: root.querySelector(".explore-count"),
      note: root.querySelector(".explore-note"),
      clear: root.querySelector(".explore-clear"),
      list: root.querySelector(".explore-results"),
      more: root.querySelector(".explore-more"),
      noTags: root.querySelector(".explore-no-tags"),
      topicChips: chips(root.querySelector('[data-facet="topic"]'), "topic", data.topicsByName),
      tagChips: chips(root.querySelector('[data-facet="tag"]'), "tag", data.tagsByName),
      items: new Array(data.total), // {item: <li>, buttons}, made when first shown
      shown: [], // paper indexes now in the list
      papersHref: new URL("papers/", siteRoot(root)).href,
    };
  }

  // A year select shows the year even when the page did not offer it (an address from a
  // bigger catalog): an option is added in its place.
  function showYear(select, year) {
    const value = year === null ? "" : String(year);
    if (!Array.from(select.options).some((option) => option.value === value)) {
      const option = element("option", "", value);
      option.value = value;
      const descending = select.dataset.bound === "to";
      const after = Array.from(select.options).find(
        (o) => o.value && (descending ? Number(o.value) < year : Number(o.value) > year)
      );
      select.insertBefore(option, after || null);
    }
    select.value = value;
  }

  // The form as the state says, at once: a filter restored from the address shows checked
  // while the papers it needs are still loading (the counts come with them).
  function showState(view, state) {
    view.input.value = state.text;
    view.author.value = state.author;
    showYear(view.from, state.from);
    showYear(view.to, state.to);
    view.sort.value = state.sort;
    const facets = [[view.topicChips, state.topics], [view.tagChips, state.tags]];
    for (const [chipList, chosen] of facets) {
      for (let i = 0; i < chipList.length; i++) {
        const c = chipList[i];
        if (!c) continue;
        c.input.checked = chosen.has(i);
        if (chosen.has(i) && !c.shown) {
          c.label.hidden = false;
          c.shown = true;
        }
      }
    }
  }

  // The first authors, and any author the filter matched (marked) even if further down:
  // "A, B, C, …, Matched et al.".
  function showAuthors(span, data, paper, hits) {
    const positions = new Set();
    paper.authors.forEach((a, k) => {
      if (k < AUTHORS_SHOWN || (hits && hits[a])) positions.add(k);
    });
    span.replaceChildren();
    let last = -1;
    for (const k of Array.from(positions).sort((x, y) => x - y)) {
      if (last >= 0) span.append(k === last + 1 ? ", " : ", …, ");
      const name = data.authors[paper.authors[k]];
      span.append(hits && hits[paper.authors[k]] ? element("mark", "", name) : name);
      last = k;
    }
    if (last < paper.authors.length - 1) span.append(" et al.");
  }

  function resultItem(view, data, index) {
    const paper = data.papers[index];
    const item = element("li", "explore-result");
    const link = element("a", "explore-result-title", paper.title);
    link.href = view.papersHref + encodeURIComponent(paper.id) + "/";
    item.append(link);
    let authors = null;
    if (paper.authors.length || paper.year !== null) {
      const meta = element("span", "explore-result-meta");
      if (paper.authors.length) {
        authors = element("span", "explore-result-authors");
        if (paper.authors.length > AUTHORS_SHOWN) {
          authors.title = paper.authors.map((a) => data.authors[a]).join(", ");
        }
        meta.append(authors);
      }
      if (paper.year !== null) meta.append(element("span", "explore-result-year", paper.year));
      item.append(meta);
    }
    const buttons = [];
    if (paper.tags.length) {
      const tagBox = element("span", "explore-result-tags");
      for (const t of paper.tags) {
        const button = element("button", "explore-result-tag md-tag", data.tags[t].name);
        button.type = "button";
        button.dataset.tag = String(t);
        button.title = "Filter by this tag";
        buttons.push(button);
        tagBox.append(button);
      }
      item.append(tagBox);
    }
    return { item, buttons, pressed: null, authors, marked: null };
  }

  // Returns how many chips are shown.
  function renderChips(chipList, counts, chosen, visible) {
    let shown = 0;
    for (let i = 0; i < chipList.length; i++) {
      const c = chipList[i];
      if (!c) continue;
      const isChosen = chosen.has(i);
      if (c.input.checked !== isChosen) c.input.checked = isChosen;
      const show = isChosen || visible(i, counts[i]);
      if (show !== c.shown) {
        c.label.hidden = !show;
        c.shown = show;
      }
      if (counts[i] !== c.lastCount) {
        c.count.textContent = String(counts[i]);
        c.label.classList.toggle("is-empty", counts[i] === 0);
        c.lastCount = counts[i];
      }
      if (show) shown++;
    }
    return shown;
  }

  function papersText(n) {
    return `${n.toLocaleString("en")} ${n === 1 ? "paper" : "papers"}`;
  }

  function noteText(state, found) {
    if (found.undatedHidden > 0) {
      const n = found.undatedHidden;
      return `${papersText(n)} without a known date ${n === 1 ? "is" : "are"} not shown.`;
    }
    if (state.sort && found.undatedListed > 0) {
      const n = found.undatedListed;
      return `${papersText(n)} without a known date ${n === 1 ? "comes" : "come"} last.`;
    }
    return "";
  }

  // The count, the note and the chips; then the list's first `listed` results (null: the
  // list stays as it is), which are the whole page unless their rows are still coming.
  function render(view, data, state, found, listed) {
    const total = data.total;
    const n = found.results.length;
    view.count.textContent = `${n.toLocaleString("en")} of ${total.toLocaleString("en")} papers`;
    const note = noteText(state, found);
    if (view.note.textContent !== note) view.note.textContent = note;
    view.clear.hidden = !isFiltered(state);

    renderChips(view.topicChips, found.topicCounts, state.topics, () => true);
    // The tag list follows the chosen topics and hides tags no result has.
    const tagsShown = renderChips(view.tagChips, found.tagCounts, state.tags, (i, count) => {
      if (count === 0) return false;
      if (state.topics.size === 0) return true;
      return data.tags[i].topics.some((t) => state.topics.has(t));
    });
    view.noTags.hidden = tagsShown > 0;
    if (listed === null) return;
    window.__exploreListed = (window.__exploreListed || 0) + 1; // for benchmarks/explore_bench.py

    const wanted = found.results.slice(0, Math.min(state.limit, listed));
    const partial = wanted.length < Math.min(state.limit, n);
    // A first screen of the results is theirs: not dimmed as a list waiting to be replaced.
    if (partial) view.list.dataset.partial = "";
    else delete view.list.dataset.partial;
    const same =
      wanted.length === view.shown.length && wanted.every((index, i) => index === view.shown[i]);
    if (!same) {
      const fragment = document.createDocumentFragment();
      for (const index of wanted) {
        if (!view.items[index]) view.items[index] = resultItem(view, data, index);
        fragment.append(view.items[index].item);
      }
      view.list.replaceChildren(fragment);
      view.shown = wanted;
    }
    // A result's tag chip shows whether that tag is a filter, and its author line the
    // authors the filter matched (both brought up to date on shown items only).
    const chosenKey = Array.from(state.tags).sort().join(",");
    const authorKey = found.authorHits ? data.authorCache.key : "";
    for (const index of wanted) {
      const result = view.items[index];
      if (result.authors && result.marked !== authorKey) {
        showAuthors(result.authors, data, data.papers[index], found.authorHits);
        result.marked = authorKey;
      }
      if (result.pressed === chosenKey) continue;
      for (const button of result.buttons) {
        button.setAttribute("aria-pressed", String(state.tags.has(Number(button.dataset.tag))));
      }
      result.pressed = chosenKey;
    }

    const left = n - wanted.length;
    view.more.hidden = left <= 0 || partial;
    if (left > 0) {
      view.more.textContent = `Show ${Math.min(left, PAGE_SIZE)} more (${left.toLocaleString(
        "en"
      )} not shown)`;
    }
    if (n === 0) {
      const empty = element("li", "explore-empty", "No paper matches all these filters.");
      view.list.replaceChildren(empty);
      view.shown = [];
    }
  }

  // The list waits for data: what it shows is dimmed until it is replaced.
  function busy(view) {
    view.list.setAttribute("aria-busy", "true");
    delete view.list.dataset.partial;
  }

  // The site's root: the JSON's folder (data-src is relative to the page).
  function siteRoot(root) {
    return new URL(".", new URL(root.dataset.src, location.href));
  }

  function showError(root, message) {
    const count = root.querySelector(".explore-count");
    count.textContent = message + " ";
    const link = element("a", "", "Browse all papers A–Z instead.");
    link.href = new URL("papers/", siteRoot(root)).href;
    count.append(link);
  }

  /* ---------- wiring ---------- */

  function start(root, data, head) {
    const view = createView(root, data);
    let typedAt = -Infinity; // the last keystroke in the words box
    const loader = createLoader(root, head, data, {
      words: () => words(state.text),
      pause: () =>
        new Promise((resolve) => {
          const check = () => {
            const left = typedAt + TYPING_PAUSE - performance.now();
            if (left <= 0) resolve();
            else setTimeout(check, left);
          };
          check();
        }),
    });
    let state = stateFromUrl(data, location.search);
    let found = null;
    let waiting = null; // the data being loaded
    let changed = 0; // the filters' changes so far
    let urlTimer = 0;
    const timings = (window.__exploreTimings = []);

    function writeUrl() {
      clearTimeout(urlTimer);
      urlTimer = 0;
      const url = urlFromState(data, state);
      if (url !== location.pathname + location.search + location.hash) {
        history.replaceState(history.state, "", url);
      }
    }

    function scheduleUrl() {
      clearTimeout(urlTimer);
      urlTimer = setTimeout(writeUrl, URL_DELAY);
    }

    // What the filters and the order need that is not in yet, as a promise (null when all
    // is in). Without the index, any filter or order reads every chunk and the dates. With
    // it: the tag column for any filter, the dates for a year or an order, the words' papers
    // for the words box, and every chunk for an author (the names are in the rows only).
    function dataNeeded() {
      const filtered = isFiltered(state);
      const tasks = [];
      if (!loader.index) {
        if ((filtered || state.sort) && !(data.complete && data.orders)) tasks.push(loader.all());
        return tasks.length ? Promise.all(tasks) : null;
      }
      if (words(state.author).length && !data.complete) tasks.push(loader.all());
      if ((state.sort || state.from !== null || state.to !== null) && !data.orders) {
        tasks.push(loader.dates());
      }
      const textWords = words(state.text);
      if (filtered && !data.tagsOf) tasks.push(loader.tags());
      if (!data.complete && textWords.some((word) => !data.wordHits.has(word))) {
        tasks.push(loader.words(textWords));
      }
      return tasks.length ? Promise.all(tasks) : null;
    }

    // With no filter, the head's counts answer, in the title order or the date order.
    function unfiltered() {
      const sorted = state.sort !== "" && data.orders;
      let undatedListed = 0;
      if (sorted) for (let i = 0; i < data.total; i++) if (!(data.place[i] > 0)) undatedListed++;
      return {
        results: sorted ? data.orders[state.sort] : titleOrder(data),
        topicCounts: head.topic_counts,
        tagCounts: head.tag_counts,
        undatedHidden: 0,
        undatedListed,
        authorHits: null,
      };
    }

    function shownRowsIn() {
      return found.results.slice(0, state.limit).every((i) => data.papers[i]);
    }

    function wait(promise) {
      waiting = promise.then(
        () => {
          waiting = null;
          show();
        },
        (error) => {
          waiting = null;
          view.list.removeAttribute("aria-busy");
          showError(root, `Could not load the paper list (${error.message}).`);
        }
      );
    }

    // Filters and renders, or, when data is missing, loads it and then does: first what the
    // filters need, then the rows of the results shown. Returns what it found, or null when
    // it has to wait.
    function show() {
      if (waiting) {
        busy(view);
        return null; // shown again when the data in flight is in
      }
      const needed = dataNeeded();
      if (needed) {
        busy(view);
        // As the page says before the head is in (explore.md.j2): no line changes length.
        view.count.textContent = "Loading papers…";
        view.note.textContent = "";
        view.clear.hidden = !isFiltered(state);
        wait(needed);
        return null;
      }
      found = isFiltered(state) || !head.tag_counts ? filter(data, state) : unfiltered();
      const wanted = found.results.slice(0, state.limit);
      const missing = wanted.findIndex((i) => !data.papers[i]);
      if (missing >= 0) {
        // The counts now; the list as far as its rows are in, and the rows of the first
        // screen before the others'.
        busy(view);
        render(view, data, state, found, missing >= FIRST_ROWS ? missing : null);
        const rows = loader.rows(wanted, FIRST_ROWS);
        if (missing < FIRST_ROWS) {
          const changes = changed;
          const shown = found;
          rows.first.then(() => {
            if (changes !== changed) return; // another filter since
            const ready = wanted.findIndex((i) => !data.papers[i]);
            if (ready !== 0) render(view, data, state, shown, ready < 0 ? wanted.length : ready);
          }, () => {});
        }
        wait(rows.all);
        return null;
      }
      view.list.removeAttribute("aria-busy");
      render(view, data, state, found, wanted.length);
      return found;
    }

    function update(event) {
      changed++;
      const begin = event && event.timeStamp ? event.timeStamp : performance.now();
      const t0 = performance.now();
      state.limit = PAGE_SIZE;
      const shown = show();
      scheduleUrl();
      if (!shown) return; // rendered when the papers are in
      const entry = {
        query: state.text,
        results: shown.results.length,
        ms: performance.now() - t0, // filter + render
        painted: null, // input event to the next painted frame, filled in below
      };
      if (timings.length >= MAX_TIMINGS) timings.shift();
      timings.push(entry);
      requestAnimationFrame(() =>
        setTimeout(() => {
          entry.painted = performance.now() - begin;
        }, 0)
      );
    }

    // A year range never runs backwards: moving one end past the other moves both.
    function setYear(select) {
      const year = select.value ? Number(select.value) : null;
      if (select === view.from) {
        state.from = year;
        if (year !== null && state.to !== null && state.to < year) {
          showYear(view.to, (state.to = year));
        }
      } else {
        state.to = year;
        if (year !== null && state.from !== null && state.from > year) {
          showYear(view.from, (state.from = year));
        }
      }
    }

    showState(view, state);
    view.form.addEventListener("submit", (event) => event.preventDefault());
    view.input.addEventListener("input", (event) => {
      state.text = view.input.value;
      typedAt = performance.now();
      update(event);
    });
    view.author.addEventListener("input", (event) => {
      state.author = view.author.value;
      update(event);
    });
    view.form.addEventListener("change", (event) => {
      const input = event.target;
      if (input === view.from || input === view.to) {
        setYear(input);
      } else if (input === view.sort) {
        state.sort = SORTS.includes(input.value) ? input.value : "";
      } else if (input.dataset && input.dataset.facet) {
        const set = input.dataset.facet === "topic" ? state.topics : state.tags;
        const index = Number(input.dataset.index);
        if (input.checked) set.add(index);
        else set.delete(index);
      } else {
        return; // the text boxes, on blur: their input events did the work
      }
      update(event);
    });
    view.list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-tag]");
      if (!button) return;
      const index = Number(button.dataset.tag);
      if (state.tags.has(index)) state.tags.delete(index);
      else state.tags.add(index);
      update(event);
    });
    view.clear.addEventListener("click", (event) => {
      state = emptyState(state.sort); // the order is not a filter: it stays
      showState(view, state);
      update(event);
      view.input.focus();
    });
    view.more.addEventListener("click", () => {
      state.limit += PAGE_SIZE;
      if (found && !waiting && shownRowsIn()) render(view, data, state, found, state.limit);
      else show();
    });
    window.addEventListener("pagehide", () => urlTimer && writeUrl());

    update(null);
    view.form.inert = false;
    view.form.removeAttribute("inert");
    root.dataset.ready = "true";
  }

  async function main() {
    const root = document.getElementById("explore");
    if (!root || !root.dataset.src) return;
    const t0 = performance.now();
    let raw; // the head (generator/explore.py)
    try {
      const response = await fetch(root.dataset.src);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      raw = await response.json();
    } catch (error) {
      showError(root, `Could not load the paper list (${error.message}).`);
      return;
    }
    const data = prepare(raw);
    start(root, data, raw);
    window.__exploreReadyMs = performance.now() - t0;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", main);
  } else {
    main();
  }
})();
