"""Qt adapters for the floor devices (devices/ holds the Qt-free parts)."""
