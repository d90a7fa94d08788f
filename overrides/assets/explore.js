/* paper-catalog: the Explore page. Live filters over every paper, no dependencies.

   Loaded on every page; does nothing unless the page has #explore.

   Flow: load the compact JSON made at build time (explore.json), prepare it once (a
   lower-case haystack and the topics of each paper), read the filters from the address,
   then on every change: filter -> render -> write the address.

   Filters: words (every word must appear, case-insensitive, in the title or a tag name),
   topics (a paper in ANY chosen topic) and tags (a paper with ALL chosen tags).
   Paper titles are data: they go into the page as text (textContent), never as HTML.

   window.__exploreTimings records, per update, the filter+render time (ms) and the time from
   the input event to the next painted frame (painted); tests read it. */
(function () {
  "use strict";

  const PAGE_SIZE = 200; // results rendered at once; "Show more" adds as many again
  const URL_DELAY = 250; // ms; the address is rewritten once typing pauses
  const MAX_TIMINGS = 1000;
  // Address parameters: ?text=graph+net&topic=a&topic=b&tag=x. Not "q": Material's search
  // opens its own search box for ?q=.
  const PARAM = { text: "text", topic: "topic", tag: "tag" };

  /* ---------- data ---------- */

  function fold(text) {
    // Lower case without accents, so "Pade" finds "Padé".
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function prepare(raw) {
    const fields = raw.paper_fields || ["id", "title", "tags"];
    const ID = fields.indexOf("id");
    const TITLE = fields.indexOf("title");
    const TAGS = fields.indexOf("tags");

    const topics = raw.topics.map((topic, index) => ({ id: topic.id, name: topic.name, index }));
    const topicIndex = new Map(topics.map((topic) => [topic.id, topic.index]));
    const tags = raw.tags.map((tag, index) => ({
      id: tag.id,
      name: tag.name,
      index,
      topics: (tag.topics || []).map((id) => topicIndex.get(id)).filter((i) => i !== undefined),
    }));
    const tagIndex = new Map(tags.map((tag) => [tag.id, tag.index]));
    const foldedTagNames = tags.map((tag) => fold(tag.name));

    const papers = raw.papers.map((row) => {
      const tagList = (row[TAGS] || []).filter((i) => i >= 0 && i < tags.length);
      const topicSet = new Set();
      for (const t of tagList) for (const topic of tags[t].topics) topicSet.add(topic);
      return {
        id: row[ID],
        title: row[TITLE],
        tags: tagList,
        topics: Array.from(topicSet),
        haystack: fold(row[TITLE]) + "\n" + tagList.map((t) => foldedTagNames[t]).join("\n"),
      };
    });
    const byName = (a, b) => a.name.localeCompare(b.name);
    return {
      topics,
      tags,
      papers,
      topicIndex,
      tagIndex,
      topicsByName: topics.slice().sort(byName),
      tagsByName: tags.slice().sort(byName),
    };
  }

  /* ---------- state and the address ---------- */

  function emptyState() {
    return { text: "", topics: new Set(), tags: new Set(), limit: PAGE_SIZE };
  }

  function stateFromUrl(data, search) {
    const params = new URLSearchParams(search);
    const state = emptyState();
    state.text = params.get(PARAM.text) || "";
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
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  /* ---------- filter ---------- */

  // One pass over the papers. Counts are what a click would give: a tag's count is the
  // number of results that have it (tags combine with AND); a topic's count ignores the
  // chosen topics (topics combine with OR), so it is the papers it would add or keep.
  function filter(data, state) {
    const words = fold(state.text).split(/\s+/).filter(Boolean);
    const chosenTags = Array.from(state.tags);
    const anyTopic = state.topics.size > 0;
    const topicChosen = new Uint8Array(data.topics.length);
    for (const t of state.topics) topicChosen[t] = 1;
    const topicCounts = new Uint32Array(data.topics.length);
    const tagCounts = new Uint32Array(data.tags.length);
    const results = [];

    const papers = data.papers;
    outer: for (let i = 0; i < papers.length; i++) {
      const paper = papers[i];
      for (let w = 0; w < words.length; w++) {
        if (paper.haystack.indexOf(words[w]) === -1) continue outer;
      }
      for (let c = 0; c < chosenTags.length; c++) {
        if (paper.tags.indexOf(chosenTags[c]) === -1) continue outer;
      }
      const paperTopics = paper.topics;
      let inTopic = !anyTopic;
      for (let t = 0; t < paperTopics.length; t++) {
        topicCounts[paperTopics[t]]++;
        if (topicChosen[paperTopics[t]]) inTopic = true;
      }
      if (!inTopic) continue;
      results.push(i);
      const paperTags = paper.tags;
      for (let t = 0; t < paperTags.length; t++) tagCounts[paperTags[t]]++;
    }
    return { results, topicCounts, tagCounts };
  }

  /* ---------- view ---------- */

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function chip(facet, item) {
    const label = element("label", "explore-chip");
    const input = element("input", "explore-chip-input");
    input.type = "checkbox";
    input.value = item.id;
    input.dataset.facet = facet;
    input.dataset.index = String(item.index);
    const body = element("span", "explore-chip-body");
    body.append(element("span", "explore-chip-name", item.name), " ");
    const count = element("span", "explore-chip-count", "");
    body.append(count);
    label.append(input, body);
    return { label, input, count, shown: true, lastCount: -1 };
  }

  function createView(root, data) {
    const view = {
      form: root.querySelector(".explore-form"),
      input: root.querySelector(".explore-q"),
      count: root.querySelector(".explore-count"),
      clear: root.querySelector(".explore-clear"),
      list: root.querySelector(".explore-results"),
      more: root.querySelector(".explore-more"),
      tagBox: root.querySelector('[data-facet="tag"]'),
      noTags: root.querySelector(".explore-no-tags"),
      topicChips: [],
      tagChips: [],
      items: new Array(data.papers.length), // {item: <li>, buttons}, made when first shown
      shown: [], // paper indexes now in the list
      papersHref: new URL("papers/", siteRoot(root)).href,
    };
    const topicBox = root.querySelector('[data-facet="topic"]');
    for (const topic of data.topicsByName) {
      const c = chip("topic", topic);
      view.topicChips[topic.index] = c;
      topicBox.append(c.label);
    }
    for (const tag of data.tagsByName) {
      const c = chip("tag", tag);
      view.tagChips[tag.index] = c;
      view.tagBox.append(c.label);
    }
    return view;
  }

  function resultItem(view, data, index) {
    const paper = data.papers[index];
    const item = element("li", "explore-result");
    const link = element("a", "explore-result-title", paper.title);
    link.href = view.papersHref + encodeURIComponent(paper.id) + "/";
    item.append(link);
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
    return { item, buttons, pressed: null };
  }

  // Returns how many chips are shown.
  function renderChips(chips, counts, chosen, visible) {
    let shown = 0;
    for (let i = 0; i < chips.length; i++) {
      const c = chips[i];
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

  function render(view, data, state, found) {
    const total = data.papers.length;
    const n = found.results.length;
    view.count.textContent = `${n.toLocaleString("en")} of ${total.toLocaleString("en")} papers`;
    const filtered = state.text.trim() !== "" || state.topics.size > 0 || state.tags.size > 0;
    view.clear.hidden = !filtered;

    renderChips(view.topicChips, found.topicCounts, state.topics, () => true);
    // The tag list follows the chosen topics and hides tags no result has.
    const tagsShown = renderChips(view.tagChips, found.tagCounts, state.tags, (i, count) => {
      if (count === 0) return false;
      if (state.topics.size === 0) return true;
      return data.tags[i].topics.some((t) => state.topics.has(t));
    });
    view.tagBox.hidden = tagsShown === 0;
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
    // A result's tag chip shows whether that tag is a filter (checked on shown items only).
    const chosenKey = Array.from(state.tags).sort().join(",");
    for (const index of wanted) {
      const result = view.items[index];
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

  function start(root, data) {
    const view = createView(root, data);
    let state = stateFromUrl(data, location.search);
    let found = null;
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

    function update(event) {
      const begin = event && event.timeStamp ? event.timeStamp : performance.now();
      const t0 = performance.now();
      state.limit = PAGE_SIZE;
      found = filter(data, state);
      const t1 = performance.now();
      render(view, data, state, found);
      const entry = {
        query: state.text,
        results: found.results.length,
        filterMs: t1 - t0,
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
      scheduleUrl();
    }

    view.input.value = state.text;
    view.form.addEventListener("submit", (event) => event.preventDefault());
    view.input.addEventListener("input", (event) => {
      state.text = view.input.value;
      update(event);
    });
    view.form.addEventListener("change", (event) => {
      const input = event.target;
      if (!input.dataset || !input.dataset.facet) return;
      const set = input.dataset.facet === "topic" ? state.topics : state.tags;
      const index = Number(input.dataset.index);
      if (input.checked) set.add(index);
      else set.delete(index);
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
      state = emptyState();
      view.input.value = "";
      update(event);
      view.input.focus();
    });
    view.more.addEventListener("click", () => {
      state.limit += PAGE_SIZE;
      render(view, data, state, found);
    });
    window.addEventListener("pagehide", () => urlTimer && writeUrl());

    view.form.hidden = false;
    update(null);
    root.dataset.ready = "true";
  }

  async function main() {
    const root = document.getElementById("explore");
    if (!root || !root.dataset.src) return;
    const count = root.querySelector(".explore-count");
    if (count) count.textContent = "Loading papers…";
    const t0 = performance.now();
    let raw;
    try {
      const response = await fetch(root.dataset.src);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      raw = await response.json();
    } catch (error) {
      showError(root, `Could not load the paper list (${error.message}).`);
      return;
    }
    const data = prepare(raw);
    start(root, data);
    window.__exploreReadyMs = performance.now() - t0;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", main);
  } else {
    main();
  }
})();
