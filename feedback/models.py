"""Public feedback (Góp ý – Hỏi đáp), public consultations, communication incidents and the urgent banner.

The models live in the module of their concern; Django finds them through this one:
- `feedback.records`: each piece of feedback with its internal notes, communication incidents and their actions;
- `feedback.pages`: the feedback page and public consultations, with the form behaviour they share;
- `feedback.banner`: the urgent banner (a site setting);
- `feedback.vocabulary`: their categories, channels and statuses. See docs/feedback.md.
"""

from feedback.banner import UrgentBanner
from feedback.pages import ConsultationPage, FeedbackPage
from feedback.records import Feedback, FeedbackNote, Incident, IncidentAction

__all__ = ["ConsultationPage", "Feedback", "FeedbackNote", "FeedbackPage", "Incident", "IncidentAction", "UrgentBanner"]
