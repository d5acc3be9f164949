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
