"""Views of the candidatures app, one module per audience (porteur, vagues, instruction…)."""
