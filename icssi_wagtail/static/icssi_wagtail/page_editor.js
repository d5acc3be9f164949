/*
 * Wagtail's autosave in the page editor, for a page that is still being written
 * (issue 19, point 4; loaded by the `insert_editor_js` hook in wagtail_hooks.py).
 *
 * Wagtail autosaves the form about a second after each change. Two of those autosaves answered
 * 400 and showed an error while nothing was wrong:
 *
 * 1. An autosave under way when the editor clicks "Save draft", "Publish" or "Submit for
 *    moderation" (a change made less than a second or two before): the click saved a newer
 *    revision first, so the autosave was refused ("invalid_revision": "Saving will overwrite a
 *    newer version.") and autosave paused. On a new page, both could even create a page. Now
 *    the form waits for the autosave under way to be answered (at most 10 seconds), then goes,
 *    to the page the autosave created if it did; and autosave stops once the form is submitted.
 * 2. An autosave of a page whose title (or slug) is still empty: Wagtail cannot save a page
 *    without them and answered "validation_error". Autosave now waits until both have a
 *    character; so a new page the editor leaves before giving it a title leaves no draft.
 * 3. An autosave of a value the editor is still typing: Wagtail reads the form half a second
 *    after the last change it notices, so a pause in "2025-03-24" sent "2025-03-2" and was
 *    refused ("validation_error"). Autosave now waits while a field the editor types into has
 *    focus and a value changed since it got it, and goes when the editor leaves the field or
 *    commits its value (a date picked in Wagtail's date picker). Nothing is lost: the form
 *    still holds the value, a submission sends it, and leaving the page still warns.
 */
(() => {
    const ACTIVE = "data-w-autosave-active-value";
    const LONGEST_WAIT = 10000; // milliseconds a submission waits for an autosave's answer
    let waiting = null; // the form whose autosave has left or is about to, not answered yet
    let release = null; // sends the submission held while that autosave is answered

    function autosaved(form) {
        return form instanceof HTMLFormElement && form.matches("[data-controller~='w-autosave']");
    }

    function stop(form) {
        form.icssiStopped = true;
        form.setAttribute(ACTIVE, "false");
    }

    // Wagtail cannot save a page without a title or a slug (which it fills in from the title).
    function complete(form) {
        return ["title", "slug"].every((name) => {
            const field = form.elements.namedItem(name);
            return !(field instanceof HTMLInputElement) || field.value.trim() !== "";
        });
    }

    // Before Wagtail's own handler (`w-unsaved:add->w-autosave#save`), which starts an autosave
    // only while the form's `data-w-autosave-active-value` is true. Once stopped (a
    // submission, or Wagtail's own pause on a conflicting revision), autosave stays stopped.
    document.addEventListener(
        "w-unsaved:add",
        (event) => {
            const form = event.target;
            if (autosaved(form) && !form.icssiStopped) {
                form.setAttribute(ACTIVE, complete(form) ? "true" : "false");
            }
        },
        true,
    );

    function answered() {
        waiting = null;
        if (release) release();
    }

    // Fields a person types into, whose value may be half typed while they have focus.
    const NOT_TYPED = new Set([
        "button", "checkbox", "color", "file", "hidden", "image", "radio", "range", "reset", "submit",
    ]);
    let focused = null; // the field that has focus, and its value when it got it

    function note(field) {
        const typed =
            field instanceof HTMLTextAreaElement ||
            (field instanceof HTMLInputElement && !NOT_TYPED.has(field.type));
        focused = typed ? { field, value: field.value } : null;
    }

    function typing(form) {
        const field = document.activeElement;
        return focused !== null && focused.field === field && field.form === form &&
            field.value !== focused.value;
    }

    // Autosave again what was held back while the editor typed.
    function resume(form, next) {
        if (!form.icssiDeferred || form.icssiStopped) return;
        // A click on "Save draft" (or another submit button) sends the whole form itself.
        if (next instanceof HTMLButtonElement && next.type === "submit" && next.form === form) return;
        form.icssiDeferred = false;
        // After the date picker's own blur handler, which may tidy the value.
        setTimeout(() => {
            const detail = { type: "edits" };
            form.dispatchEvent(new CustomEvent("w-unsaved:add", { cancelable: true, detail }));
        });
    }

    note(document.activeElement);
    document.addEventListener("focusin", (event) => note(event.target), true);
    document.addEventListener(
        "focusout",
        (event) => {
            const form = event.target.form;
            if (autosaved(form)) resume(form, event.relatedTarget);
        },
        true,
    );
    // A committed value (a date picked in the picker, a text field's Enter) may be autosaved,
    // even while the field keeps focus. (A change on leaving the field is left to focusout.)
    document.addEventListener(
        "change",
        (event) => {
            const field = event.target;
            if (!focused || field !== focused.field) return;
            focused.value = field.value;
            setTimeout(() => {
                if (document.activeElement === field && autosaved(field.form)) {
                    resume(field.form, null);
                }
            });
        },
        true,
    );

    // Wagtail reads the form, then dispatches this cancelable event and sends the form half a
    // second later unless it was cancelled. Stopped here, before the indicator ("Autosave in
    // progress…") and the editing sessions hear of a save that will not happen. This also
    // covers the saves Wagtail starts without `w-unsaved:add` (a queued one, a retry).
    document.addEventListener(
        "w-autosave:save",
        (event) => {
            const form = event.target;
            if (!typing(form)) return;
            event.preventDefault();
            event.stopImmediatePropagation();
            form.icssiDeferred = true;
        },
        true,
    );
    document.addEventListener("w-autosave:save", (event) => {
        if (!event.defaultPrevented) waiting = event.target;
    });
    document.addEventListener("w-autosave:success", answered);
    document.addEventListener("w-autosave:error", answered);
    document.addEventListener("w-autosave:deactivated", (event) => stop(event.target));

    function hold(form, submitter) {
        const send = () => {
            clearTimeout(timer);
            release = null;
            form.icssiReleased = true;
            // The clicked button is disabled by now ("Saving…"): its name and value, which
            // say "publish" or "submit", travel in a hidden field instead.
            if (submitter && submitter.name) {
                const field = document.createElement("input");
                field.type = "hidden";
                field.name = submitter.name;
                field.value = submitter.value;
                form.append(field);
            }
            form.requestSubmit();
        };
        const timer = setTimeout(send, LONGEST_WAIT);
        release = send;
    }

    // On window, so that it runs after the form's own handlers, which may cancel the submission.
    window.addEventListener("submit", (event) => {
        const form = event.target;
        if (event.defaultPrevented || !autosaved(form)) return;
        stop(form);
        const submitter = event.submitter;
        if (form.icssiReleased || (submitter && submitter.hasAttribute("formaction"))) return;
        if (release) {
            event.preventDefault(); // a second click while the first waits
        } else if (waiting === form) {
            event.preventDefault();
            hold(form, submitter);
        }
    });
})();
