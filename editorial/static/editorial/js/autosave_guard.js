/*
 * Keeps an editor's action (submit for moderation, publish, save, a workflow action) from racing
 * Wagtail's autosave. See docs/workflows.md, "Autosave and the editor's actions".
 *
 * Wagtail 8's w-autosave controller posts the edit form in the background. On a new page its first
 * autosave *creates* the page and then points the form at the page's edit URL. A click that lands
 * while such a request is pending (debounced or in flight) used to post the form to the create URL
 * a second time ("slug already in use", or a second page left as a plain draft), and an autosave
 * that fired after the click could overtake it. So, on a real submission of an editor form:
 *   1. autosave is switched off for good on this page (nothing new starts behind the action);
 *   2. if an autosave is pending, the submission is held until it has finished (the form then
 *      points at the page it created), and is then sent again with the same button's name/value;
 *   3. further clicks while it is held are ignored.
 */
(() => {
  'use strict';

  const states = new WeakMap(); // form -> 'holding' | 'sending'

  const autosaveOf = (form) =>
    window.wagtail?.app?.getControllerForElementAndIdentifier(form, 'w-autosave') ?? null;

  const resend = (form, submitter) => {
    if (submitter?.name) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = submitter.name;
      input.value = submitter.value;
      form.append(input);
    }
    states.set(form, 'sending');
    form.requestSubmit();
  };

  document.addEventListener(
    'submit',
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-edit-form')) return;
      const state = states.get(form);
      if (state === 'sending') return;
      if (state === 'holding') {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      const autosave = autosaveOf(form);
      if (!autosave) return;
      autosave.activeValue = false;
      const pending = autosave.submitPromise;
      if (!pending) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      states.set(form, 'holding');
      const submitter = event.submitter;
      pending.finally(() => resend(form, submitter));
    },
    true,
  );
})();
