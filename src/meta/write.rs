//! Writing APP-META.xml from the model with the quick-xml Writer, in APS element order.
