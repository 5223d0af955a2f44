// "Copy text and link" in the Facebook panel: the text block is there without JavaScript; this adds the button.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-social-copy]").forEach((button) => {
    const source = document.getElementById(button.dataset.socialCopy);
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(source.value).then(() => {
        button.textContent = button.dataset.socialCopied;
      });
    });
  });
});
