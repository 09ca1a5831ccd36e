"""Reading articles and turning them into graph facts."""
