//! Writing APS type definition JSON from the model: plain JSON, fixed key order.
