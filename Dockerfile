# The innograph app: CLI, loaders and the Streamlit dashboard. Neo4j runs in its own container.
# Installed editable so that the bundled data/ stays beside the packages that read it.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 STREAMLIT_BROWSER_GATHER_USAGE_STATS=false
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY loaders ./loaders
COPY queries ./queries
COPY dashboard ./dashboard
COPY cli ./cli
COPY data ./data
RUN pip install --no-cache-dir -e . && useradd --create-home innograph
USER innograph
EXPOSE 8501
CMD ["innograph", "serve", "--port", "8501", "--address", "0.0.0.0"]
