// The document view: click a highlighted passage to see every fact resting on it.
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("facts-data")?.textContent || "{}");
  const text = document.getElementById("doc-text");
  let popover = null;

  function close() {
    if (popover) popover.remove();
    popover = null;
    document.querySelectorAll(".hl.focus, .fact-list li.focus").forEach((el) => el.classList.remove("focus"));
  }

  function open(mark) {
    close();
    const ids = (mark.dataset.facts || "").split(" ").filter(Boolean);
    popover = document.createElement("div");
    popover.className = "popover";
    popover.setAttribute("role", "dialog");
    const button = document.createElement("button");
    button.className = "close";
    button.type = "button";
    button.setAttribute("aria-label", "Close");
    button.textContent = "×";
    button.addEventListener("click", close);
    popover.appendChild(button);
    const title = document.createElement("div");
    title.className = "muted small";
    title.textContent = ids.length === 1 ? "1 fact rests on this passage" : `${ids.length} facts rest on this passage`;
    popover.appendChild(title);
    const list = document.createElement("ul");
    ids.forEach((id) => {
      const fact = data[id] || { kind: "", label: `fact ${id}`, status: "" };
      const item = document.createElement("li");
      const kind = document.createElement("span");
      kind.className = `badge kind-${fact.kind}`;
      kind.textContent = fact.kind;
      const link = document.createElement("a");
      link.href = `/facts/${encodeURIComponent(id)}`;
      link.textContent = ` ${fact.label}`;  // textContent: the label is never parsed as HTML
      const status = document.createElement("span");
      status.className = `badge status-${fact.status}`;
      status.textContent = fact.status;
      item.append(kind, link, " ", status);
      list.appendChild(item);
      document.getElementById(`fact-${id}`)?.classList.add("focus");
    });
    popover.appendChild(list);
    const box = mark.getBoundingClientRect();
    popover.style.left = `${Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + window.innerWidth - 360))}px`;
    popover.style.top = `${window.scrollY + box.bottom + 6}px`;
    document.body.appendChild(popover);
    mark.classList.add("focus");
  }

  text?.addEventListener("click", (event) => {
    const mark = event.target.closest(".hl");
    if (!mark) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey) return;  // open in a new tab as usual
    const ids = (mark.dataset.facts || "").split(" ").filter(Boolean);
    if (ids.length === 1) return;  // one fact: follow the link to it
    event.preventDefault();
    open(mark);
  });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") close(); });
  document.addEventListener("click", (event) => {
    if (popover && !popover.contains(event.target) && !event.target.closest(".hl")) close();
  });

  // Arriving at #fact-N: mark that fact's passages.
  const wanted = window.location.hash.match(/^#fact-(\d+)$/);
  if (wanted) {
    const marks = [...document.querySelectorAll(".hl")].filter((m) => (m.dataset.facts || "").split(" ").includes(wanted[1]));
    marks.forEach((m) => m.classList.add("focus"));
    if (marks[0]) marks[0].scrollIntoView({ block: "center" });
  }
})();
