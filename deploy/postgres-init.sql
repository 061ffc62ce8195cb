-- Kindred's own database beside Synapse's, for docker-compose.yml (point database.url at it).
CREATE DATABASE kindred;
