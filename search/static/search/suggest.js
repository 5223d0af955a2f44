// Live title suggestions for the search box; without JavaScript the datalist holds the suggestions
// computed by the server for the last search, and the form works as a plain GET form.
(function () {
  var input = document.getElementById("q");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) return;
    timer = setTimeout(function () {
      fetch(input.dataset.suggestUrl + "&q=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.suggestions.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.title;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
