"""The Python baseline of the benchmarks: FastAPI + uvicorn + scikit-learn.

Trains a logistic regression (standardised features) on the fraud example's CSV at start, as a
team would write it first, and serves it with the same Open Inference Protocol v2 request and
response shapes as Aviary:

    python3 bench/python/fraud_server.py --csv examples/fraud/data/sample.csv --port 9300
"""

import argparse

import numpy as np
import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def train(csv_path):
    data = np.genfromtxt(csv_path, delimiter=",", skip_header=1, dtype=np.float64)
    x, y = data[:, :10], data[:, 10].astype(int)
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(x, y)


def create_app(model):
    app = FastAPI()

    @app.get("/v2/health/ready")
    def ready():
        return {"ready": True}

    @app.post("/v2/models/fraud/infer")
    async def infer(request: Request):
        body = await request.json()
        try:
            tensor = body["inputs"][0]
            x = np.asarray(tensor["data"], dtype=np.float32).reshape(tensor["shape"])
        except (KeyError, IndexError, TypeError, ValueError) as e:
            raise HTTPException(status_code=400, detail=str(e))
        proba = model.predict_proba(x).astype(np.float32)
        reply = {
            "model_name": "fraud",
            "model_version": "1",
            "outputs": [
                {
                    "name": "output",
                    "datatype": "FP32",
                    "shape": list(proba.shape),
                    "data": proba.ravel().tolist(),
                }
            ],
        }
        if "id" in body:
            reply["id"] = body["id"]
        return JSONResponse(reply)

    return app


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--csv", required=True)
    p.add_argument("--port", type=int, default=9300)
    args = p.parse_args()
    app = create_app(train(args.csv))
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
