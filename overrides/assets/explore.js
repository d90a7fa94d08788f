/* paper-catalog: the Explore page. Live filters over every paper, no dependencies.

   Loaded on every page; does nothing unless the page has #explore.

   Flow: load the head of the compact JSON made at build time (explore.json: the first page of
   papers by title and the counts with no filter; shapes in generator/explore.py), prepare it
   (a lower-case haystack, the topics of each paper), read the filters from the address, then
   on every change: filter -> render -> write the address. The head answers the page with no
   filter; "Show more" there fetches the chunks (explore/papers-N.json, 1,000 papers each by
   title) it needs; any filter or order fetches every chunk and the date order once, and the
   list waits (aria-busy) until they are in. At 100,000 papers the head is about 60 KB of the
   catalog's 16 MB.

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
   the input event to the next painted frame (painted); tests read it. */
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

  // The data from the head (or from a whole catalog in one file): its papers are the first
  // `papers.length` of `total`, by title; addPapers appends the next ones.
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
    const data = {
      columns,
      topics,
      tags,
      foldedTagNames: tags.map((tag) => fold(tag.name)),
      authors: [],
      foldedAuthors: [],
      authorIndex: new Map(), // name -> index in authors
      papers: [],
      total: 0,
      complete: false, // every paper and the date order are in
      topicIndex,
      tagIndex: new Map(tags.map((tag) => [tag.id, tag.index])),
      orders: null,
      topicsByName: topics.slice().sort(byName),
      tagsByName: tags.slice().sort(byName),
      authorCache: { key: null, hits: null },
    };
    addPapers(data, raw.papers, raw.authors || []);
    data.total = Number.isInteger(raw.total) ? raw.total : data.papers.length;
    if (data.papers.length >= data.total) setOrders(data, raw.date_order || []);
    return data;
  }

  // Appends rows, the next papers by title, whose author indexes point into `names` (the
  // head and each chunk have their own table; a name gets one index here).
  function addPapers(data, rows, names) {
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
    for (const row of rows) {
      const tagList = (row[TAGS] || []).filter((i) => i >= 0 && i < tags.length);
      const authorList = (AUTHORS < 0 ? [] : row[AUTHORS] || [])
        .filter((i) => Number.isInteger(i) && i >= 0 && i < own.length)
        .map((i) => own[i]);
      const year = YEAR_FIELD >= 0 && Number.isInteger(row[YEAR_FIELD]) ? row[YEAR_FIELD] : null;
      const topicSet = new Set();
      for (const t of tagList) for (const topic of tags[t].topics) topicSet.add(topic);
      data.papers.push({
        id: row[ID],
        title: row[TITLE],
        tags: tagList,
        authors: authorList,
        year,
        dated: false, // in date_order
        topics: Array.from(topicSet),
        haystack:
          fold(row[TITLE]) + "\n" + tagList.map((t) => data.foldedTagNames[t]).join("\n"),
      });
    }
    data.authorCache = { key: null, hits: null }; // the author table may have grown
  }

  // The orders the list can be shown in, as paper indexes, once every paper is in. Undated
  // papers come last, by title.
  function setOrders(data, dateOrder) {
    const papers = data.papers;
    const byDate = [];
    for (const i of dateOrder) {
      if (papers[i] && !papers[i].dated) {
        papers[i].dated = true;
        byDate.push(i);
      }
    }
    const title = papers.map((_, i) => i);
    const undated = title.filter((i) => !papers[i].dated);
    data.orders = {
      "": title,
      date: byDate.slice().reverse().concat(undated),
      "date-asc": byDate.concat(undated),
    };
    data.complete = true;
  }

  // Fetches the chunks and the date order (paths from the head, relative to the site's root)
  // and adds them to the data in title order, each file once.
  function createLoader(root, head, data) {
    const base = siteRoot(root);
    const size = head.chunk_size || 1;
    const fetched = new Map();
    let added = 0; // chunks added to the data
    let adding = Promise.resolve();

    function json(path) {
      if (!fetched.has(path)) {
        fetched.set(
          path,
          fetch(new URL(path, base)).then((response) => {
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            return response.json();
          })
        );
      }
      return fetched.get(path);
    }

    function chunkPath(number) {
      return head.chunk_file.replace("{}", String(number));
    }

    // Resolves once the first `count` papers are in (every paper, and the date order, when
    // count is the total or more); rejects when a file cannot be read (then tried again on
    // the next call).
    function upTo(count) {
      const all = count >= data.total;
      const last = all ? head.chunks : Math.min(head.chunks, Math.ceil(count / size));
      for (let n = added; n < last; n++) json(chunkPath(n)); // all under way at once
      if (all) json(head.dates_file);
      const next = adding.then(async () => {
        try {
          for (let n = added; n < last; n++) {
            const chunk = await json(chunkPath(n));
            const skip = data.papers.length - n * size; // the head's rows are in already
            addPapers(data, chunk.papers.slice(Math.max(0, skip)), chunk.authors || []);
            added = n + 1;
            fetched.delete(chunkPath(n)); // in the data now
          }
          if (all && !data.complete) setOrders(data, await json(head.dates_file));
        } catch (error) {
          fetched.clear();
          throw error;
        }
      });
      adding = next.catch(() => {});
      return next;
    }

    return { upTo };
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
  // `undatedListed`, the results without a date (listed last when sorting by date).
  function filter(data, state) {
    const textWords = words(state.text);
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

    const papers = data.papers;
    const order = data.orders[state.sort] || data.orders[""];
    outer: for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const paper = papers[i];
      for (let w = 0; w < textWords.length; w++) {
        if (paper.haystack.indexOf(textWords[w]) === -1) continue outer;
      }
      if (byAuthor) {
        let found = false;
        for (let a = 0; a < paper.authors.length && !found; a++) {
          found = hits[paper.authors[a]] === 1;
        }
        if (!found) continue;
      }
      for (let c = 0; c < chosenTags.length; c++) {
        if (paper.tags.indexOf(chosenTags[c]) === -1) continue outer;
      }
      const paperTopics = paper.topics;
      let inTopic = !anyTopic;
      for (let t = 0; t < paperTopics.length && !inTopic; t++) {
        if (topicChosen[paperTopics[t]]) inTopic = true;
      }
      if (byYear) {
        if (paper.year === null) {
          if (inTopic) undatedHidden++;
          continue;
        }
        if (paper.year < from || paper.year > to) continue;
      }
      for (let t = 0; t < paperTopics.length; t++) topicCounts[paperTopics[t]]++;
      if (!inTopic) continue;
      results.push(i);
      if (!paper.dated) undatedListed++;
      const paperTags = paper.tags;
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

  function showState(view, state) {
    view.input.value = state.text;
    view.author.value = state.author;
    showYear(view.from, state.from);
    showYear(view.to, state.to);
    view.sort.value = state.sort;
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

  function render(view, data, state, found) {
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

    const wanted = found.results.slice(0, state.limit);
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
    view.more.hidden = left <= 0;
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
    const loader = createLoader(root, head, data);
    let state = stateFromUrl(data, location.search);
    let found = null;
    let waiting = null; // the papers being loaded
    let everyPaper = null; // 0 .. total-1: the results with no filter
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

    // With no filter and the title order, the head's counts and the papers in so far
    // answer; any other state needs every paper.
    function papersNeeded() {
      if (data.complete) return 0;
      if (isFiltered(state) || state.sort !== "") return Infinity;
      const count = Math.min(state.limit, data.total);
      return count > data.papers.length ? count : 0;
    }

    function unfiltered() {
      everyPaper = everyPaper || Array.from({ length: data.total }, (_, i) => i);
      return {
        results: everyPaper,
        topicCounts: head.topic_counts || [],
        tagCounts: head.tag_counts || [],
        undatedHidden: 0,
        undatedListed: 0,
        authorHits: null,
      };
    }

    // Filters and renders, or, when papers are missing, loads them and then does; returns
    // what it found, or null when it has to wait.
    function show() {
      const needed = papersNeeded();
      if (needed > 0) {
        view.list.setAttribute("aria-busy", "true");
        if (needed === Infinity) {
          // As the page says before the head is in (explore.md.j2): no line changes length.
          view.count.textContent = "Loading papers…";
          view.note.textContent = "";
          view.clear.hidden = !isFiltered(state);
        }
        if (!waiting) {
          waiting = loader.upTo(needed).then(
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
        return null;
      }
      view.list.removeAttribute("aria-busy");
      found = data.complete ? filter(data, state) : unfiltered();
      render(view, data, state, found);
      return found;
    }

    function update(event) {
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
      if (found && data.complete) render(view, data, state, found);
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
