"""A starter library of prompts a chair can pick and edit, on the themes staff networks
work on. The text is our own, written for this project; no trust's material is copied."""

from __future__ import annotations

from dataclasses import dataclass

from discussion.model import ChannelRef
from handlers.discussion.cards import ReplyMode
from handlers.discussion.compose import PromptDraft
from handlers.discussion.schedule import PostNow, When


@dataclass(frozen=True, slots=True)
class StarterPrompt:
    theme: str
    title: str
    body: str
    questions: tuple[str, ...]

    def draft(
        self,
        *,
        network: str,
        channels: tuple[ChannelRef, ...] = (),
        when: When | None = None,
        reply_mode: ReplyMode = ReplyMode.RELAY,
    ) -> PromptDraft:
        """A draft to edit before it is saved: the chair still picks channels and a time."""
        return PromptDraft(
            title=self.title,
            body=self.body,
            channels=channels,
            when=when or PostNow(),
            reply_mode=reply_mode,
            network=network,
            questions=self.questions,
        )


_LIBRARY = (
    StarterPrompt(
        theme="belonging",
        title="Where do you feel you belong at work?",
        body=(
            "Think of a shift, a meeting or a corridor where you felt fully part of the team, "
            "and one where you felt like a guest. Most of us have both. This month, talk "
            "with your team about what made the difference."
        ),
        questions=(
            "What small things make a new colleague feel welcome here?",
            "Has anyone ever mispronounced or shortened your name? How did it feel?",
            "Who in our team might feel like a guest rather than a member, and why?",
            "What is one thing we could change this month so more people feel they belong?",
        ),
    ),
    StarterPrompt(
        theme="progression",
        title="Who gets the next step up?",
        body=(
            "Acting-up roles, training places and secondments shape careers. They are not "
            "always advertised, and the people who hear about them first are often the "
            "people who already know the right people. Let's look at how it works here."
        ),
        questions=(
            "How did you hear about the last development opportunity you applied for?",
            "Who decides on acting-up or secondment roles in our area, and how?",
            "What would make you more confident to apply for a promotion?",
            "What could managers do differently so that opportunities reach everyone?",
        ),
    ),
    StarterPrompt(
        theme="progression",
        title="Feedback that helps you grow",
        body=(
            "Good feedback is specific, kind and useful. Vague feedback, or none at all, "
            "can quietly hold people back, and it is not always shared out evenly. This "
            "month, talk about the feedback you get and give."
        ),
        questions=(
            "When did feedback last help you do something better?",
            "Do some colleagues get more detailed feedback than others? Why might that be?",
            "How can we make sure every interview candidate hears why they were not chosen?",
        ),
    ),
    StarterPrompt(
        theme="speaking up",
        title="Would you say something?",
        body=(
            "Speaking up about a comment, a decision or a pattern you have noticed can feel "
            "risky, especially if you are the only person in the room who sees it. This "
            "month, talk about what makes it easier or harder to raise a concern here."
        ),
        questions=(
            "Think of a time you wanted to say something and didn't. What held you back?",
            "What happens here after someone raises a concern about fair treatment?",
            "Do you know who our Freedom to Speak Up guardian is and how to reach them?",
            "What would a manager need to do for you to trust that speaking up is safe?",
        ),
    ),
    StarterPrompt(
        theme="allyship",
        title="What does a good ally do?",
        body=(
            "Allyship is not a badge; it is what we do when a colleague is treated unfairly "
            "and we are in a position to help. It can be as simple as backing someone up in "
            "a meeting, or as hard as challenging a senior colleague."
        ),
        questions=(
            "Describe a time someone stood up for you, or you for someone else.",
            "What stops people from stepping in when they see something unfair?",
            "How can we support a colleague afterwards without taking over?",
            "What would you like white colleagues in our team to do more of, or less of?",
        ),
    ),
    StarterPrompt(
        theme="racism from the public",
        title="When patients or visitors are racist",
        body=(
            "Many colleagues from ethnic minority backgrounds meet racist abuse from patients, "
            "relatives and the public. Nobody should have to accept it as part of the job. "
            "This month, talk about what happens here and what support looks like."
        ),
        questions=(
            "Has a patient or visitor ever refused your care or made remarks about your race?",
            "What did colleagues or managers do at the time, and afterwards?",
            "Do you know how to report it, and would you? Why or why not?",
            "What should our team agree to do the next time it happens?",
        ),
    ),
    StarterPrompt(
        theme="racism from the public",
        title="Backing each other up on the front line",
        body=(
            "A racist remark at the front desk or the bedside affects the person it is aimed "
            "at and everyone who hears it. A shared plan means no one has to decide alone "
            "what to do in the moment."
        ),
        questions=(
            "What words could any of us use to stop a racist remark calmly?",
            "When is it right to ask a colleague to take over care, and who decides?",
            "How do we check on a colleague after an incident, and how soon?",
        ),
    ),
)


def library() -> tuple[StarterPrompt, ...]:
    """Every starter prompt, grouped by theme in the order the themes are listed above."""
    return _LIBRARY


def themes() -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.theme for p in _LIBRARY))
