"""community: a self-hosted customer self-help Q&A community."""
