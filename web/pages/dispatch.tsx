import type { ConversationDetail, ConversationSummary } from "../../src/sms/dispatcher.service.ts";
import { ErrorSummary } from "../components/fields.tsx";
import { When } from "../components/when.tsx";
import { useT } from "../env.ts";

/** The dispatcher queue: conversations waiting for a person, longest waiting first. */
export function DispatchPage({ conversations }: { conversations: ConversationSummary[] }) {
  const t = useT();
  return (
    <>
      <h1>{t("dispatch.title")}</h1>
      <p>{t("dispatch.intro")}</p>
      {conversations.length === 0 ? (
        <p>{t("dispatch.empty")}</p>
      ) : (
        <ul class="posts">
          {conversations.map((c) => (
            <li class="post">
              <a href={`/dispatch/${c.id}`}>{c.lastMessage || t("dispatch.noText")}</a>
              <p class="meta">
                {t(`dispatch.channel.${c.channel}`)} · <When iso={new Date(c.updatedAt).toISOString()} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** One conversation's thread, with the number, and a reply box. */
export function ConversationPage({ conversation, errors }: { conversation: ConversationDetail; errors: Record<string, string> }) {
  const t = useT();
  return (
    <>
      <h1>{t("dispatch.thread")}</h1>
      <ErrorSummary errors={errors} />
      <p>
        {t(`dispatch.channel.${conversation.channel}`)}: <strong>{conversation.address}</strong>
        {conversation.stopped && ` · ${t("dispatch.stopped")}`}
      </p>
      {conversation.member !== null && (
        <p>
          {t("dispatch.replyToNotice", { member: conversation.member })}{" "}
          {conversation.aboutUrl !== null && <a href={conversation.aboutUrl}>{t("dispatch.noticePage")}</a>}
        </p>
      )}
      {conversation.subject !== null && (
        <p>
          {t("dispatch.subject")}: {conversation.subject}
        </p>
      )}
      <ol class="thread">
        {conversation.messages.map((m) => (
          <li>
            <p class="meta">
              {t(`dispatch.${m.direction}`)} · <When iso={new Date(m.at).toISOString()} />
              {m.unanswered && ` · ${t("dispatch.unanswered")}`}
              {m.failed && ` · ${t("dispatch.failed")}`}
            </p>
            <p class="message" dir="auto">
              {m.body}
            </p>
          </li>
        ))}
      </ol>
      {conversation.posts.length > 0 && (
        <ul>
          {conversation.posts.map((p) => (
            <li>
              <a href={`/posts/${p.postId}`}>{p.code}</a>
            </li>
          ))}
        </ul>
      )}
      {conversation.replyBy !== null && (
        <form method="post" action={`/dispatch/${conversation.id}/reply`}>
          <label for="reply-body">{t(conversation.replyBy === "sms" ? "dispatch.reply" : "dispatch.replyByEmail")}</label>
          <textarea
            id="reply-body"
            name="body"
            rows={conversation.replyBy === "sms" ? 3 : 8}
            maxlength={conversation.replyBy === "sms" ? 480 : 5000}
            required
          ></textarea>
          <button type="submit">{t("dispatch.send")}</button>
        </form>
      )}
      <p>
        <a href={`/dispatch/${conversation.id}/post`}>{t("dispatch.enterPost")}</a>
      </p>
    </>
  );
}
