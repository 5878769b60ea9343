import type { PostView } from "../../src/posts/post.view.ts";
import { ErrorSummary } from "../components/fields.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";

/** "I can help" for visitors without an account, under a public open request. */
export function HelpOfferForm({ post, values, errors }: { post: PostView; values: FormValues; errors: Record<string, string> }) {
  const t = useT();
  return (
    <section aria-labelledby="help-offer-heading">
      <h2 id="help-offer-heading">{t("helpOffer.heading")}</h2>
      <p class="hint">{t("helpOffer.intro")}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action={`/posts/${post.id}/help`}>
        <label for="help-message">{t("helpOffer.message")}</label>
        <textarea id="help-message" name="message" rows={3} maxlength={1000} required>
          {values.message ?? ""}
        </textarea>
        <label for="help-contact">{t("helpOffer.contact")}</label>
        <input id="help-contact" name="contact" autocomplete="tel" required value={values.contact ?? ""} />
        <button type="submit">{t("helpOffer.send")}</button>
      </form>
      <JoinExplanation />
    </section>
  );
}

export function JoinExplanation() {
  const t = useT();
  return (
    <p>
      {t("helpOffer.join")} <a href="/join">{t("helpOffer.joinLink")}</a>
    </p>
  );
}

export function HelpOfferThanks() {
  const t = useT();
  return (
    <>
      <h1>{t("helpOffer.thanksTitle")}</h1>
      <p>{t("helpOffer.thanks")}</p>
      <JoinExplanation />
    </>
  );
}
