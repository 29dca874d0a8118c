// 回顾: the page's only script (the Content-Security-Policy forbids inline scripts).
// Copy buttons copy a citation label; nothing here reads or writes the knowledge base.
"use strict";

function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  // a plain-http address on the office LAN is not a secure context: the older way still works there
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "offscreen";
  document.body.appendChild(area);
  area.select();
  let done = false;
  try { done = document.execCommand("copy"); } catch (e) { done = false; }
  document.body.removeChild(area);
  return done ? Promise.resolve() : Promise.reject(new Error("copy"));
}

document.addEventListener("click", function (event) {
  const button = event.target.closest("button.copy");
  if (!button) return;
  const label = button.textContent;
  copyText(button.dataset.copy || "").then(function () {
    button.textContent = "已复制";
    button.dataset.copied = "1";
  }, function () {
    button.textContent = "复制失败，请手动选中";
  }).finally(function () {
    setTimeout(function () { button.textContent = label; }, 1500);
  });
});

document.addEventListener("submit", function (event) {
  const form = event.target;
  if (form.classList.contains("reuse")) {
    const note = document.createElement("p");
    note.className = "muted working";
    note.textContent = "正在比较，请稍候……";
    form.appendChild(note);
  }
});

// the chosen draft's name beside the (Chinese) file button
document.addEventListener("change", function (event) {
  const input = event.target;
  if (!input.classList || !input.classList.contains("file-input")) return;
  const shown = document.getElementById(input.id + "-name");
  if (shown) shown.textContent = input.files && input.files.length ? input.files[0].name : "未选择文件";
});
