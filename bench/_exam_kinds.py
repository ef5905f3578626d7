"""The names the exam-week benchmark gives a learner's requests: bench/exam_week_locust.py names them so, and
bench/exam_week.py judges each step (and the locust file the arrival) by them."""

LESSON_PAGE = "learner: lesson page"
QUIZ_SUBMISSION = "learner: quiz submission (API)"
LEARNER_KINDS = (LESSON_PAGE, QUIZ_SUBMISSION)
