//! Deterministic `.app.zip` writer: fixed order, times, modes; no extra fields; atomic.
