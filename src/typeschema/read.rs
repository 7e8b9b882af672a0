//! Reading APS type definition JSON with `//` and `/* */` comments tolerated, keeping spans.
