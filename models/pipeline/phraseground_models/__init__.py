"""PhraseGround model pipeline: synthetic scenes, the GLIP-style default model, ONNX bundle export."""
