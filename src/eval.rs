//! eval: gold annotations and predictions in, accuracy figures out.
