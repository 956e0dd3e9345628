//! Shapes from the API model (service-2.json).
