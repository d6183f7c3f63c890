// China Security Tracker: what every page needs. Plain JavaScript, no library, no CDN.
"use strict";

const Tracker = (() => {
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

  // A JSON POST with the session's CSRF token in the header the API checks.
  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify(body || {}),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.detail || `${response.status} ${response.statusText}`);
    return data;
  }

  function typing(event) {
    const t = event.target;
    return t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
  }

  // Filter forms: leave empty fields out of the URL (so it stays short and shareable) and
  // apply a filter as soon as it changes.
  function filterForms() {
    document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
      form.addEventListener("submit", () => {
        form.querySelectorAll("input, select").forEach((field) => {
          const empty = field.multiple
            ? ![...field.selectedOptions].some((o) => o.value)
            : field.type !== "checkbox" && !field.value;
          if (empty && field.name) field.disabled = true;
        });
      });
      form.addEventListener("change", () => {
        if (typeof form.requestSubmit === "function") form.requestSubmit();
        else form.submit();
      });
    });
  }

  function confirmations() {
    document.addEventListener("submit", (event) => {
      const message = event.target.getAttribute("data-confirm");
      if (message && !window.confirm(message)) event.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    filterForms();
    confirmations();
  });

  return { post, typing, csrf };
})();
