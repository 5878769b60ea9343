import type { SeedPages } from "./seed-pages.ts";

/** The starter pages in English: the network edits them to say how it really works. */
export const EN_PAGES: SeedPages = {
  welcome: "welcome",
  pages: [
    {
      slug: "welcome",
      title: "Welcome",
      visibility: "public",
      body: `Welcome to our mutual aid network. Here neighbours offer what they can and ask for what they need: everyone can do both.
This is solidarity, not charity.

## Where to start

- Read [how posting and matching work here](/handbook/how-it-works).
- Read [our privacy rules](/handbook/privacy): what others see of you, and what they never see.
- Know [what to do in a crisis](/handbook/crisis).

## Asking for help

You never need to explain yourself or earn help. Post a request, or ask a coordinator to post it for you
by phone or on paper. If you cannot read this page in your language, tell a coordinator.

## Getting involved

Offer something, volunteer for pickups and deliveries on **My tasks**, or come to the next assembly on **Events**.
Every coordinator action is in the **Coordinator log**, which every member can read.

*Coordinators: edit this page to say who you are and how to reach you.*
`,
    },
    {
      slug: "how-it-works",
      title: "How posting and matching work here",
      visibility: "public",
      body: `## Offers and requests

A **request** says what you need; an **offer** says what you can give or lend. Choose a category, a service area
(never an address), how urgent it is, and a date if it matters.

- A post with a date expires the day after it; one without expires after 30 days unless you renew it.
- **My posts** asks "still needed?" before a post expires.
- Withdraw a post when you no longer need it, so nobody comes for nothing.

## Matching

A coordinator (or, if the network allows it, you yourself) matches an offer with a request. Both sides are told,
and only then do they see each other's contact details.

## Pickups and deliveries

Once a match is accepted it gets a time window and, if needed, a volunteer who picks up and delivers.
Approved volunteers see open tasks on the days they marked as free on **My tasks**.

## Who sees a post

- **Everyone**: the board, and people who follow the network on Mastodon.
- **Members**: only signed-in members.
- **Coordinators**: only the coordinators.

See [our privacy rules](/handbook/privacy) for what is never shown.
`,
    },
    {
      slug: "privacy",
      title: "Our privacy rules",
      visibility: "public",
      body: `Asking for help is sensitive. These rules hold for every post, on this site and wherever it is shared.

## What is never public

- A request is shown as from "a neighbour in" its service area: never a name, a username, a phone number,
  an e-mail or an address.
- A location is at most a service area and a point rounded to about 1 km.
- Contact details typed into a post are kept apart: only coordinators and the author see them, and a helper
  sees them once a match is accepted.

## Offers

An offer shows its author's name only if they tick the box.

## Sharing with other networks

Public posts also reach our sibling networks and people who follow us on Mastodon. In a crisis, needs we cannot
meet are forwarded to sibling networks, still without names or contacts. Members-only posts are shared only if
the admins turned that on in the settings.

## Accountability

Everything coordinators do to members and to other people's posts is listed in the **Coordinator log**,
which every member can read.

If something about you is shown that should not be, tell a coordinator or use **Report**.
`,
    },
    {
      slug: "crisis",
      title: "What to do in a crisis",
      visibility: "public",
      body: `## If someone is in danger

Call the emergency services first. This network does not replace them.

## When a crisis is declared

Coordinators declare a crisis for the areas and the kinds of help it touches. Every page then shows a banner,
and members are told at once.

- **Ask**: post a request with its real urgency, or ask a coordinator to post it for you by phone or SMS.
- **Offer**: post what you can give, even if it is small: water, a room, a lift, a phone charge.
- **Check on your neighbours**, especially those who are not online.

## Help from other networks

While a crisis is declared, needs our network cannot meet are forwarded to our sibling networks. Their members
can offer help, and a coordinator here accepts or declines it.

## Coordinators

Keep requests up to date: mark what is done, so that help goes where it is still needed.

*Edit this page with your local emergency numbers and meeting points.*
`,
    },
    {
      slug: "agreements",
      title: "Our agreements",
      visibility: "members",
      body: `*A starting point: the network writes its own agreements, and an admin chooses this page in the handbook
settings so that new members read and accept them.*

- We offer and ask as equals: everyone can do both.
- We keep what we learn about each other private, and follow [our privacy rules](/handbook/privacy).
- We do what we said we would, or say in time that we cannot.
- We treat each other with respect; harassment and discrimination are not welcome.
- We raise problems with a coordinator or through **Report**, and the safety team answers.
`,
    },
  ],
};
