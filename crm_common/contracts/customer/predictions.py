"""Predictions: churn risk and the likeliest next product group, and the model (C13)."""

from marshmallow import Schema, fields


class PredictionOut(Schema):
    customer_id = fields.Int()
    churn_risk = fields.Float(metadata={"description": "the chance of not buying within the model's horizon"})
    next_group = fields.Str(allow_none=True, metadata={"description": "the product group likeliest next"})
    next_group_probability = fields.Float(allow_none=True)
    model_id = fields.Int()
    scored_at = fields.DateTime()


class PredictionModelOut(Schema):
    id = fields.Int()
    trained_at = fields.DateTime()
    horizon_days = fields.Int()
    customers = fields.Int(metadata={"description": "customers scored"})
    churn_auc = fields.Float(allow_none=True, metadata={"description": "ROC AUC on the held-back period"})
    churn_base_rate = fields.Float(allow_none=True, metadata={"description": "share who did not buy then"})
    next_group_hit_rate = fields.Float(allow_none=True, metadata={"description": "next group guessed right"})
    next_group_baseline = fields.Float(
        allow_none=True, metadata={"description": "always the commonest group"}
    )
