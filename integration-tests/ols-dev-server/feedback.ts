/**
 * The feedback routes of openshift/lightspeed-service 1.1.3 `ols/app/endpoints/feedback.py`:
 * - `GET /v1/feedback/status` (no auth): `{"functionality": "feedback", "status": {"enabled": bool}}`
 *   (StatusResponse), enabled unless `user_data_collection.feedback_disabled`;
 * - `POST /v1/feedback`: FeedbackRequest body; dependencies in order `ensure_feedback_enabled`
 *   (403 "Forbidden: Feedback is currently disabled.") then the /ols-access auth; answers
 *   `{"response": "feedback received"}` (FeedbackResponse). The dev server stores nothing: the body is
 *   in the recorded requests.
 */
export const feedbackStatus = (enabled: boolean) => ({
  functionality: 'feedback',
  status: { enabled },
});

export const FEEDBACK_DISABLED: [403, { detail: string }] = [
  403,
  { detail: 'Forbidden: Feedback is currently disabled.' },
];

export const FEEDBACK_RECEIVED = { response: 'feedback received' };
